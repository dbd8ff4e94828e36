// `smsmc gate`: the whole verdict matrix against spec/expectations.yaml, for
// CI. Exit 0 when every cell matches its expectation, 1 when any differs
// (in either direction), 2 on usage or input errors, 3 when the gate is
// incomplete and nothing differs: a check stopped early (memory budget, a
// profile's bounds) where the profile does not allow it, or a signal ended
// the gate before every cell ran.
#include "gate/gate.h"
#include "io/signals.h"
#include "io/text.h"
#include "mc/budget.h"
#include "tools/smsmc/bounds.h"
#include "tools/smsmc/commands.h"
#include "tools/smsmc/json_report.h"
#include "tools/smsmc/report.h"

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <thread>

namespace smsmc::cli {

namespace {
struct GateArgs {
  bool quick = false;
  std::string out_dir = "gate-out";
  std::string expectations = spec::default_expectations_file();
  std::vector<std::string> variants;
  std::uint64_t seed = 1;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::uint64_t max_memory = 0;
  bool json = false;
};

void write_file(const std::string& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + io::quoted(file, 1024) + ": " + std::strerror(errno));
  out << text;
  out.flush();
  if (!out) throw std::runtime_error("cannot write " + io::quoted(file, 1024) + ": " + std::strerror(errno));
}

/// junit.xml and summary.md in the output folder, if there is one.
std::vector<std::string> write_reports(const gate::Result& result, const gate::Options& options) {
  if (options.out_dir.empty()) return {};
  write_file(options.out_dir + "/junit.xml", gate::junit_xml(result));
  write_file(options.out_dir + "/summary.md", gate::markdown_summary(result, options));
  return {options.out_dir + "/junit.xml", options.out_dir + "/summary.md"};
}

int run_gate(const GateArgs& args) {
  spec::Expectations expectations;
  try {
    expectations = spec::load_expectations(args.expectations);
    (void)expectations.grid(args.quick ? "quick" : "gate");
  } catch (const spec::ExpectationError& e) {
    throw UsageError(e.what());
  }
  gate::Options options;
  options.profile = args.quick ? "quick" : "gate";
  options.out_dir = args.out_dir;
  options.threads = args.threads;
  options.variants = args.variants;
  options.seed = args.seed;
  options.max_memory = args.max_memory;
  options.progress = [](const std::string& line) { fmt::print(stderr, "gate: {}\n", line); };
  // Before the matrix runs, not after it: created if needed, and writable.
  if (!options.out_dir.empty()) bounds::check_output_folder(options.out_dir, "--out");
  // The first Ctrl-C or SIGTERM stops the check under way and starts no
  // other; the reports of what ran are still written.
  const io::StopOnSignals signals;
  const FlushStdoutOnExit flush;
  options.stop = &io::stop_flag();
  // With --json the header goes to stderr: stdout holds the document alone.
  fmt::print(args.json ? stderr : stdout, "smsmc gate: profile {}, expectations {}\n\n", options.profile,
             args.expectations);
  std::fflush(args.json ? stderr : stdout);
  const gate::Result result = gate::run(expectations, options);
  const std::size_t differs = result.mismatches() - result.incomplete();
  const bool incomplete = differs == 0 && (result.incomplete() != 0 || result.interrupted);
  const int code = incomplete ? exit_incomplete : result.passed() ? exit_holds : exit_violated;
  if (args.json) {
    const json::Json settings = {
        {"profile", options.profile}, {"expectations", args.expectations}, {"out_dir", args.out_dir},
        {"variants", args.variants},  {"seed", args.seed},                 {"threads", args.threads},
        {"max_memory", args.max_memory},
    };
    return json::emit_gate(result, settings, write_reports(result, options), code);
  }
  fmt::print("{}", gate::text_table(result));
  for (const gate::Cell& cell : result.cells) {
    if (cell.matches) continue;
    fmt::print("\nMISMATCH {} {} {} {}: expected {}, got {}\n{}\n", cell.variant, cell.property, cell.explorer,
               cell.configuration, cell.expected, cell.got, cell.detail);
    if (!cell.diagram_file.empty()) fmt::print("  diagram: {}/{}\n", options.out_dir, cell.diagram_file);
  }
  if (!write_reports(result, options).empty())
    fmt::print("\nreports: {0}/junit.xml, {0}/summary.md; traces and diagrams in {0}/traces\n", options.out_dir);
  if (incomplete) {
    fmt::print("\nINCOMPLETE: {}{}{} (exit {})\n", result.interrupted ? "interrupted by a signal" : "",
               result.interrupted && result.incomplete() != 0 ? "; " : "",
               result.incomplete() != 0
                   ? fmt::format("{} cells stopped before a verdict, and profile {} does not allow incomplete runs "
                                 "(allow_incomplete in {})",
                                 result.incomplete(), options.profile, args.expectations)
                   : "",
               exit_incomplete);
  }
  return code;
}
}  // namespace

void add_gate(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<GateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "gate", "Check every variant against spec/expectations.yaml (exhaustive grid and property-based runs)");
  cmd->add_flag("--quick", args->quick, "The quick profile (local use, well under a minute)");
  cmd->add_option("--out", args->out_dir, "Folder for junit.xml, summary.md, traces and diagrams ('' for none)")
      ->capture_default_str();
  cmd->add_option("--expectations", args->expectations, "The expectations file")->capture_default_str();
  cmd->add_option("--variant,-v", args->variants, "Only this variant (repeatable)");
  cmd->add_option("--seed", args->seed, "Seed of the property-based runs")
      ->check(bounds::whole_number(0, UINT64_MAX))
      ->capture_default_str();
  cmd->add_option("--threads,-j", args->threads, "Threads for the exhaustive searches")
      ->check(bounds::whole_number(1, 256))
      ->capture_default_str();
  const std::uint64_t default_memory = mc::default_memory_limit(mc::system_memory());
  args->max_memory = default_memory;
  cmd->add_option("--max-memory", args->max_memory,
                  "Memory budget of each exhaustive check (as for check; 0: no bound; default: 3/4 of the machine's "
                  "or the cgroup's memory)")
      ->transform(bounds::memory_size())
      ->type_name("SIZE")
      ->default_str(io::format_bytes(default_memory));
  json::add_flag(cmd, args->json);
  cmd->callback([args, &exit_code] { exit_code = run_gate(*args); });
}

}  // namespace smsmc::cli
