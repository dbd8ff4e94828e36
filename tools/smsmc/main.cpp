// smsmc: model-checks the SMS 1.2 secondary-site upgrade (KB Q186408) and its
// candidate patches. See README.md.
#include "tools/smsmc/commands.h"
#include "tools/smsmc/timed.h"

#include <iostream>
#include <new>

int main(int argc, char** argv) {
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
    if (!found) {
      std::cerr << "smsmc: unknown subcommand '" << argv[1] << "' (" << known << ")\n";
      return smsmc::cli::exit_usage;
    }
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
    return smsmc::cli::exit_usage;
  } catch (const std::bad_alloc&) {
    // The searches stop cleanly on their own when memory runs out; this is
    // an allocation failure elsewhere (a report, a diagram): the run did not
    // finish, which is what exit 3 says.
    std::cerr << "smsmc: out of memory; the run did not finish\n";
    return smsmc::cli::exit_incomplete;
  } catch (const smsmc::cli::UsageError& e) {
    std::cerr << "smsmc: " << e.what() << "\n";
    return smsmc::cli::exit_usage;
  } catch (const std::invalid_argument& e) {
    std::cerr << "smsmc: " << e.what() << "\n";
    return smsmc::cli::exit_usage;
  } catch (const std::exception& e) {
    // An unwritable --out or --trace-out, an expectations file without the
    // profile asked for: input errors too, never an abort.
    std::cerr << "smsmc: " << e.what() << "\n";
    return smsmc::cli::exit_usage;
  }
  return exit_code;
}
