// `simulate --timed`: random timed runs with durations drawn biased to the
// ends of their intervals (sim/timed.h); the first violation is shrunk and
// printed with a time on every step.
#include "sim/timed.h"
#include "spec/properties.h"
#include "tools/smsmc/bounds.h"
#include "tools/smsmc/commands.h"
#include "tools/smsmc/json_report.h"
#include "tools/smsmc/report.h"
#include "tools/smsmc/timed.h"
#include "trace/record.h"

#include <fmt/core.h>

#include <optional>

namespace smsmc::cli {

int run_timed_simulate(const spec::Config& config, const TimingArgs& timing, int runs, std::uint64_t seed,
                       const std::string& trace_out, bool json) {
  const spec::TimingProfile profile = resolve_timing(timing);
  if (!trace_out.empty()) bounds::check_output_file(trace_out, "--trace-out");
  const spec::TimedProtocolModel model(config, profile);
  // With --json the header goes to stderr: stdout holds the document alone.
  fmt::print(json ? stderr : stdout, "smsmc simulate --timed: variant {} (N={}, M={}), timing {}, {} runs, seed {}\n", config.variant->name,
             config.sites, config.logon_servers, describe_timing(profile), runs, seed);
  sim::TimedSimOptions options;
  options.runs = runs;
  options.seed = seed;
  const sim::TimedSimResult result = sim::simulate_timed(model, options);
  if (json) {
    std::optional<trace::Trace> trace;
    if (result.shrunk) {
      trace = trace::make_timed_trace(model, *result.shrunk, result.property, "timed-random");
      trace->seed = seed;
      if (!trace_out.empty() && spec::find_property(result.property) != nullptr)
        trace::write_trace_file(trace_out, *trace);
    }
    const json::Json settings = {
        {"timing", json::timing_json(profile)},
        {"runs", runs},
        {"seed", seed},
        {"trace_out", trace_out.empty() ? json::Json(nullptr) : json::Json(trace_out)},
    };
    return json::emit_timed_simulate(config, settings, result, trace ? &*trace : nullptr,
                                     result.property.empty() ? exit_holds : exit_violated);
  }
  fmt::print("{} runs, {} steps\n", result.runs, result.steps);
  if (result.property.empty()) {
    fmt::print("\nResult: no violation in {} timed runs (not a proof; `check --timed` decides)\n", result.runs);
    return exit_holds;
  }
  fmt::print("\n{} violated in run {} ({} steps as drawn, last at t = {} s)\n", result.property, result.runs,
             result.found->steps.size(),
             result.found->steps.empty() ? std::string("0") : format_time(result.found->steps.back().at));
  if (result.shrunk) {
    fmt::print("Shrunk to {} (earliest times, checked by replay):\n", plural(result.shrunk->steps.size(), "step", "steps"));
    print_timed_run(stdout, model, *result.shrunk, result.property);
    if (!trace_out.empty() && spec::find_property(result.property) != nullptr) {
      trace::Trace trace = trace::make_timed_trace(model, *result.shrunk, result.property, "timed-random");
      trace.seed = seed;
      trace::write_trace_file(trace_out, trace);
      fmt::print("  trace written to {}\n", trace_out);
    }
  }
  fmt::print("\nResult: a property is violated under this timing\n");
  return exit_violated;
}

}  // namespace smsmc::cli
