#include "tools/smsmc/timed.h"

#include "mc/timed/zone_checker.h"
#include "spec/properties.h"
#include "spec/threshold.h"
#include "tools/smsmc/bounds.h"
#include "tools/smsmc/commands.h"
#include "tools/smsmc/json_report.h"
#include "tools/smsmc/report.h"
#include "trace/record.h"

#include <fmt/core.h>

#include <algorithm>

namespace smsmc::cli {

void add_timing_options(CLI::App* cmd, TimingArgs& args) {
  cmd->add_option("--timing", args.profile, "Timing profile from spec/timing.yaml (see `smsmc timing`)")
      ->capture_default_str();
  cmd->add_option("--duration", args.durations,
                  "Override one duration: NAME=LO..HI, NAME=V or NAME=LO..inf, in seconds (repeatable)");
  cmd->add_option("--timing-file", args.file, "Read the timing profiles from this file instead of spec/timing.yaml");
}

spec::TimingProfile resolve_timing(const TimingArgs& args) {
  const spec::TimingCatalog catalog =
      args.file.empty() ? spec::load_timing() : spec::load_timing(args.file);
  spec::TimingProfile profile;
  try {
    profile = catalog.profile(args.profile);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--timing: ") + e.what());
  }
  for (const std::string& assignment : args.durations) {
    try {
      profile.set(assignment);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
  return profile;
}

std::string describe_timing(const spec::TimingProfile& profile) {
  std::string out = profile.name;
  std::string changed;
  for (const auto& [name, source] : profile.sources) {
    if (source == "--duration") changed += (changed.empty() ? "" : ", ") + name + "=" + spec::format_duration(profile.at(name));
  }
  if (!changed.empty()) out += " with " + changed;
  return out;
}

std::string format_time(const mc::timed::Time& time) {
  if (time.den == 1) return spec::format_seconds(time.num);
  return time.to_string();
}

void print_timed_run(std::FILE* out, const spec::TimedProtocolModel& model, const mc::timed::TimedRun& run,
                     const std::string& property) {
  const trace::Trace trace = trace::make_trace(model.protocol(), run.path(), property, "zones");
  std::size_t actor_width = 0;
  std::size_t time_width = 0;
  for (const trace::TraceStep& step : trace.steps) actor_width = std::max(actor_width, step.actor.size());
  for (const mc::timed::TimedStep& step : run.steps) time_width = std::max(time_width, format_time(step.at).size());
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const trace::TraceStep& step = trace.steps[i];
    std::string changes;
    for (const auto& [actor, state] : step.states) changes += (changes.empty() ? "" : ", ") + actor + "=" + state;
    fmt::print(out, "  {:>3}. t = {:>{}} s  {:<{}}  {:<20} -> {}\n", i + 1, format_time(run.steps[i].at), time_width,
               step.actor, actor_width, step.event, changes);
    for (const trace::TraceLog& line : step.log)
      fmt::print(out, "{:{}}{:<{}}  log: {}\n", "", 15 + time_width, line.actor, actor_width, line.text);
  }
  if (trace.steps.empty()) fmt::print(out, "  (the initial state)\n");
}

namespace {

std::string extreme(const mc::timed::TimeExtreme& e) {
  if (e.beyond_horizon) return "more than " + spec::format_seconds(e.value) + " s (beyond the horizon)";
  return fmt::format("{}{} s ({:.1f} h)", e.attained ? "" : "approaching ", spec::format_seconds(e.value),
                     static_cast<double>(e.value) / 3600.0);
}

}  // namespace

namespace {

/// `check --timed --json`: the same searches, exit code and trace file as
/// the report below, as one document.
int timed_check_json(const spec::Config& config, const spec::TimedProtocolModel& model,
                     const mc::timed::TimedResult& result, const std::vector<std::string>& properties, double timeout,
                     std::uint64_t max_states, const std::string& trace_out) {
  std::vector<std::pair<std::string, trace::Trace>> traces;
  bool failed = false;
  bool unknown = !result.stats.complete && !result.stats.decided_early;
  bool written = false;
  for (const mc::timed::TimedPropertyResult& p : result.properties) {
    failed |= p.verdict == mc::Verdict::violated;
    unknown |= p.verdict == mc::Verdict::unknown;
    if (p.kind != mc::Expectation::always || p.verdict != mc::Verdict::violated || !p.run) continue;
    traces.emplace_back(p.name, trace::make_timed_trace(model, *p.run, p.name));
    // The catalogue's properties only: replay judges a trace by them.
    if (!trace_out.empty() && !written && spec::find_property(p.name) != nullptr) {
      trace::write_trace_file(trace_out, traces.back().second);
      written = true;
    }
  }
  const mc::timed::TimeToGoal goal =
      mc::timed::ZoneChecker(model)
          .timeout(timeout)
          .max_states(max_states)
          .time_to([&model](const mc::StateView& view) { return model.all_upgraded(view); }, model.horizon());
  const json::Json settings = {
      {"timing", json::timing_json(model.profile())},
      {"properties", properties},
      {"timeout", timeout},
      {"max_states", max_states},
      {"trace_out", trace_out.empty() ? json::Json(nullptr) : json::Json(trace_out)},
  };
  return json::emit_timed_check(config, settings, result, goal, traces,
                                failed ? exit_violated : unknown ? exit_incomplete : exit_holds);
}

}  // namespace

int run_timed_check(const spec::Config& config, const TimingArgs& timing, const std::vector<std::string>& properties,
                    double timeout, std::uint64_t max_states, const std::string& trace_out, bool json) {
  const spec::TimingProfile profile = resolve_timing(timing);
  if (!trace_out.empty()) bounds::check_output_file(trace_out, "--trace-out");
  const spec::TimedProtocolModel model(config, profile);
  std::vector<std::string> names;
  for (const mc::Property& p : model.discrete().properties()) names.push_back(p.name);
  std::string known;
  for (const std::string& name : names) known += (known.empty() ? "" : ", ") + name;
  for (const std::string& name : properties) {
    if (std::find(names.begin(), names.end(), name) == names.end())
      throw UsageError("property '" + name + "' is not checked in timed mode (timed mode checks " + known + ")");
  }
  // With --json the header goes to stderr: stdout holds the document alone.
  fmt::print(json ? stderr : stdout, "smsmc check --timed: variant {} (N={}, M={}), timing {}\n  {}\n\n",
             config.variant->name, config.sites, config.logon_servers, describe_timing(profile),
             config.variant->summary);
  std::fflush(json ? stderr : stdout);
  const mc::timed::TimedResult result =
      mc::timed::ZoneChecker(model).only(properties).timeout(timeout).max_states(max_states).run();
  if (json) return timed_check_json(config, model, result, properties, timeout, max_states, trace_out);
  fmt::print("{:>10} {:>10} {:>10} {:>8} {:>9}  {}\n", "zones", "visited", "discrete", "depth", "seconds", "explored");
  fmt::print("{:>10} {:>10} {:>10} {:>8} {:>9.3f}  {}\n\n", result.stats.stored, result.stats.visited,
             result.stats.discrete_states, result.stats.depth, result.stats.seconds,
             result.stats.complete       ? "all"
             : result.stats.decided_early ? "until every selected property was decided"
                                         : "partial (stopped by " + result.stats.stopped_by + ")");
  bool failed = false;
  bool unknown = false;
  fmt::print("{:<22} {:<10} {:<10} {}\n", "property", "kind", "verdict", "");
  for (const mc::timed::TimedPropertyResult& p : result.properties) {
    const bool witness = p.kind == mc::Expectation::sometimes;
    std::string verdict = mc::verdict_name(p.verdict);
    if (witness && p.verdict == mc::Verdict::violated) verdict = "not-found";
    if (witness && p.verdict == mc::Verdict::holds) verdict = "found";
    failed |= p.verdict == mc::Verdict::violated;
    unknown |= p.verdict == mc::Verdict::unknown;
    std::string detail = p.note;
    if (!witness && p.run) detail = fmt::format("counterexample of {} below", plural(p.run->steps.size(), "step", "steps"));
    fmt::print("{:<22} {:<10} {:<10} {}\n", p.name, mc::expectation_name(p.kind), verdict, detail);
  }
  bool trace_written = false;
  for (const mc::timed::TimedPropertyResult& p : result.properties) {
    if (p.kind != mc::Expectation::always || p.verdict != mc::Verdict::violated || !p.run) continue;
    fmt::print("\nTimed counterexample for {} ({}, fewest steps, earliest times, checked by replay):\n", p.name,
               plural(p.run->steps.size(), "step", "steps"));
    print_timed_run(stdout, model, *p.run, p.name);
    // The catalogue's properties only: replay judges a trace by them.
    if (!trace_out.empty() && !trace_written && spec::find_property(p.name) != nullptr) {
      trace::write_trace_file(trace_out, trace::make_timed_trace(model, *p.run, p.name));
      fmt::print("  trace written to {}\n", trace_out);
      trace_written = true;
    }
  }

  // Best and worst time to every site upgraded (UPPAAL's inf and sup).
  const mc::timed::TimeToGoal goal =
      mc::timed::ZoneChecker(model)
          .timeout(timeout)
          .max_states(max_states)
          .time_to([&model](const mc::StateView& view) { return model.all_upgraded(view); }, model.horizon());
  fmt::print("\nTime until every site is upgraded (over the runs that upgrade; {} zones):\n", goal.stats.stored);
  if (goal.best) {
    fmt::print("  best case:  {}\n", extreme(*goal.best));
    fmt::print("  worst case: {}\n", extreme(*goal.worst));
  } else {
    fmt::print("  no run upgrades every site\n");
  }
  switch (goal.avoidable) {
    case mc::timed::Avoidance::yes:
      fmt::print("  some runs never upgrade every site: {}\n", goal.avoidable_note);
      break;
    case mc::timed::Avoidance::no:
      fmt::print("  every run upgrades every site\n");
      break;
    case mc::timed::Avoidance::unknown:
      fmt::print("  whether every run upgrades is unknown: {}\n", goal.avoidable_note);
      break;
  }
  const mc::timed::TimedPropertyResult* within = result.find(spec::upgrade_within_48h);
  const mc::timed::TimedPropertyResult* race = result.find(spec::race_property);
  if (within != nullptr && within->verdict == mc::Verdict::violated && race != nullptr &&
      race->verdict == mc::Verdict::holds)
    fmt::print("  race-free under this timing, but too slow: some site does not upgrade within watchdog.timeout\n");
  if (!result.stats.complete && !result.stats.decided_early) unknown = true;
  if (failed) {
    fmt::print("\nResult: a property is violated under this timing\n");
    return exit_violated;
  }
  if (unknown) {
    fmt::print("\nResult: INCOMPLETE: no violation found, but some verdicts are unknown (exit {})\n", exit_incomplete);
    return exit_incomplete;
  }
  fmt::print("\nResult: every property holds under this timing\n");
  return exit_holds;
}

}  // namespace smsmc::cli
