// mhc-tune: an autotuner and benchmark tool for the kernels of mHC (arXiv 2512.24880).
// Exit codes: 0 success, 1 failure, 2 usage error, 3 no CUDA driver or GPU.
#include <fmt/format.h>

#include <cstdio>

#include "cli/command.hpp"
#include "core/errors.hpp"

namespace {

int run_guarded(const std::function<int()>& run) {
  try {
    return run();
  } catch (const mhc::UsageError& e) {
    fmt::print(stderr, "mhc-tune: error: {}\n", e.what());
    return mhc::kExitUsage;
  } catch (const mhc::NoDeviceError& e) {
    fmt::print(stderr, "mhc-tune: {}\n", e.what());
    return mhc::kExitNoDevice;
  } catch (const std::exception& e) {
    fmt::print(stderr, "mhc-tune: failed: {}\n", e.what());
    return mhc::kExitFailure;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "mhc-tune: finds the fastest correct mHC kernels for a GPU and its shapes, with proof.\n"
      "Compiles kernel variants with NVRTC, verifies them against a float64 reference, times\n"
      "them with CUPTI, stores everything in SQLite, and reports and emits the winners."};
  app.set_version_flag("--version", mhc::cli::version_string());
  app.require_subcommand(1);
  app.footer("Exit codes: 0 success, 1 failure, 2 usage error, 3 no CUDA driver or GPU.");

  mhc::cli::set_command_line(argc, argv);
  std::vector<mhc::cli::Command> commands;
  for (const auto factory : mhc::cli::registered_commands()) commands.push_back(factory(app));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return mhc::kExitUsage;
  }
  for (const auto& command : commands)
    if (command.app->parsed()) return run_guarded(command.run);
  return mhc::kExitUsage;
}
