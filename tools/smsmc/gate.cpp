// `smsmc gate`: the whole verdict matrix against spec/expectations.yaml, for
// CI. Exit 0 when every cell matches its expectation, 1 when any differs
// (in either direction), 2 on usage or input errors.
#include "gate/gate.h"
#include "tools/smsmc/commands.h"

#include <fmt/core.h>

#include <filesystem>
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
};

void write_file(const std::string& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + file);
}

int run_gate(const GateArgs& args) {
  spec::Expectations expectations;
  try {
    expectations = spec::load_expectations(args.expectations);
    (void)expectations.grid(args.quick ? "quick" : "gate");
  } catch (const spec::ExpectationError& e) {
    throw UsageError(e.what());
  }
  if (args.threads < 1 || args.threads > 256) throw UsageError("--threads must be between 1 and 256");
  gate::Options options;
  options.profile = args.quick ? "quick" : "gate";
  options.out_dir = args.out_dir;
  options.threads = args.threads;
  options.variants = args.variants;
  options.seed = args.seed;
  options.progress = [](const std::string& line) { fmt::print(stderr, "gate: {}\n", line); };
  if (!options.out_dir.empty()) std::filesystem::create_directories(options.out_dir);
  fmt::print("smsmc gate: profile {}, expectations {}\n\n", options.profile, args.expectations);
  std::fflush(stdout);
  const gate::Result result = gate::run(expectations, options);
  fmt::print("{}", gate::text_table(result));
  for (const gate::Cell& cell : result.cells) {
    if (cell.matches) continue;
    fmt::print("\nMISMATCH {} {} {} {}: expected {}, got {}\n{}\n", cell.variant, cell.property, cell.explorer,
               cell.configuration, cell.expected, cell.got, cell.detail);
    if (!cell.diagram_file.empty()) fmt::print("  diagram: {}/{}\n", options.out_dir, cell.diagram_file);
  }
  if (!options.out_dir.empty()) {
    write_file(options.out_dir + "/junit.xml", gate::junit_xml(result));
    write_file(options.out_dir + "/summary.md", gate::markdown_summary(result, options));
    fmt::print("\nreports: {0}/junit.xml, {0}/summary.md; traces and diagrams in {0}/traces\n", options.out_dir);
  }
  return result.passed() ? exit_holds : exit_violated;
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
  cmd->add_option("--seed", args->seed, "Seed of the property-based runs")->capture_default_str();
  cmd->add_option("--threads,-j", args->threads, "Threads for the exhaustive searches")->capture_default_str();
  cmd->callback([args, &exit_code] { exit_code = run_gate(*args); });
}

}  // namespace smsmc::cli
