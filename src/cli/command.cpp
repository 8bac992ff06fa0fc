#include "cli/command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "build_info.hpp"

namespace mhc::cli {

namespace {
std::vector<std::pair<int, CommandFactory>>& registry() {
  static std::vector<std::pair<int, CommandFactory>> commands;
  return commands;
}
}  // namespace

bool register_command(int order, CommandFactory factory) {
  registry().emplace_back(order, factory);
  return true;
}

std::vector<CommandFactory> registered_commands() {
  auto sorted = registry();
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<CommandFactory> factories;
  for (const auto& entry : sorted) factories.push_back(entry.second);
  return factories;
}

namespace {
std::string& stored_command_line() {
  static std::string line;
  return line;
}
}  // namespace

void set_command_line(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) line += (i == 0 ? "" : " ") + std::string(argv[i]);
  stored_command_line() = line;
}

const std::string& command_line() {
  return stored_command_line();
}

std::string version_string() {
  return fmt::format("mhc-tune {} ({})", build_info::kVersion, build_info::kGitCommit);
}

CLI::App* add_subcommand(CLI::App& parent, const std::string& name,
                         const std::string& description) {
  CLI::App* app = parent.add_subcommand(name, description);
  app->set_version_flag("--version", version_string());
  return app;
}

}  // namespace mhc::cli
