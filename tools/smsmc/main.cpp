// smsmc: model-checks the SMS 1.2 secondary-site upgrade (KB Q186408) and its
// candidate patches. See README.md.
#include "tools/smsmc/commands.h"
#include "tools/smsmc/json_report.h"
#include "tools/smsmc/timed.h"

#include <iostream>
#include <new>

int main(int argc, char** argv) {
  // With --json anywhere on the line, an error is a JSON document on stdout
  // too (spec/results.md), with the same exit code; stderr keeps the message.
  const bool json_errors = smsmc::cli::json::requested(argc, argv);
  std::string command;
  const auto fail = [&](int code, const std::string& message) {
    std::cerr << "smsmc: " << message << "\n";
    if (json_errors) smsmc::cli::json::emit_error(command, code, message);
    return code;
  };
  CLI::App app{"smsmc: model checker for the SMS 1.2 secondary-site upgrade race (KB Q186408)"};
  app.require_subcommand(1);
  app.fallthrough(false);
  app.footer(
      "Exit codes:\n"
      "  0    every property decided and holding (gate: every cell matches)\n"
      "  1    a property is violated or a witness not found, also in an incomplete run (gate: a cell differs)\n"
      "  2    usage or input error: a bad flag or value, an unknown name, a malformed, oversized or\n"
      "       non-regular input file, an unwritable output path\n"
      "  3    incomplete, nothing violated: stopped by --max-states, --timeout, --max-memory, running\n"
      "       out of memory or a first Ctrl-C/SIGTERM before every verdict was decided (not a proof)\n"
      "  130  a second Ctrl-C (143: a second SIGTERM) quit at once");
  int exit_code = smsmc::cli::exit_holds;
  smsmc::cli::add_check(app, exit_code);
  smsmc::cli::add_list(app, exit_code);
  smsmc::cli::add_describe(app, exit_code);
  smsmc::cli::add_matrix(app, exit_code);
  smsmc::cli::add_gate(app, exit_code);
  smsmc::cli::add_replay(app, exit_code);
  smsmc::cli::add_render(app, exit_code);
  smsmc::cli::add_simulate(app, exit_code);
  smsmc::cli::add_timing(app, exit_code);
  smsmc::cli::add_threshold(app, exit_code);
  smsmc::cli::add_sweep(app, exit_code);
  // CLI11 reports a mistyped subcommand as "A subcommand is required"; name it.
  if (argc > 1 && argv[1][0] != '-') {
    std::string known;
    bool found = false;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
      known += (known.empty() ? "" : ", ") + sub->get_name();
      found |= sub->get_name() == argv[1];
    }
    if (!found) return fail(smsmc::cli::exit_usage, "unknown subcommand '" + std::string(argv[1]) + "' (" + known + ")");
    command = argv[1];
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 has its own exit codes; smsmc promises 2 for every usage error.
    app.exit(e);
    if (json_errors) smsmc::cli::json::emit_error(command, smsmc::cli::exit_usage, e.what());
    return smsmc::cli::exit_usage;
  } catch (const std::bad_alloc&) {
    // The searches stop cleanly on their own when memory runs out; this is
    // an allocation failure elsewhere (a report, a diagram): the run did not
    // finish, which is what exit 3 says.
    std::cerr << "smsmc: out of memory; the run did not finish\n";
    // The document needs memory too: without it, the exit code still says 3.
    try {
      if (json_errors) smsmc::cli::json::emit_error(command, smsmc::cli::exit_incomplete, "out of memory");
    } catch (const std::bad_alloc&) {
    }
    return smsmc::cli::exit_incomplete;
  } catch (const smsmc::cli::UsageError& e) {
    return fail(smsmc::cli::exit_usage, e.what());
  } catch (const std::invalid_argument& e) {
    return fail(smsmc::cli::exit_usage, e.what());
  } catch (const std::exception& e) {
    // An unwritable --out or --trace-out, an expectations file without the
    // profile asked for: input errors too, never an abort.
    return fail(smsmc::cli::exit_usage, e.what());
  }
  return exit_code;
}
