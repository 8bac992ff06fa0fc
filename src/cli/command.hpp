#pragma once
// How a subcommand joins `mhc-tune`: a file defines a factory that adds its CLI::App and returns
// the function to run once parsing succeeded, and registers the factory with MHC_COMMAND.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace mhc::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;  // returns the exit code; may throw UsageError / NoDeviceError
};

using CommandFactory = Command (*)(CLI::App& parent);

// `order` fixes the place in `--help` (the order data flows: info, shapes, compile, ...).
bool register_command(int order, CommandFactory factory);
std::vector<CommandFactory> registered_commands();

// Adds a subcommand with the `--version` flag every command carries.
CLI::App* add_subcommand(CLI::App& parent, const std::string& name, const std::string& description);
std::string version_string();

// The command line as the user typed it (recorded with every run).
void set_command_line(int argc, char** argv);
const std::string& command_line();

}  // namespace mhc::cli

#define MHC_COMMAND(order, factory)                             \
  [[maybe_unused]] static const bool mhc_registered_##factory = \
      ::mhc::cli::register_command(order, factory)
