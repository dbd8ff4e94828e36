#include "gate/gate.h"
#include "gate/timed.h"

#include "render/graphviz.h"
#include "render/sequence.h"
#include "sim/explore.h"
#include "spec/shared_parent.h"
#include "spec/variants.h"
#include "trace/record.h"
#include "trace/replay.h"

#include <fmt/core.h>

#include <chrono>
#include <filesystem>
#include <sstream>

namespace smsmc::gate {

std::size_t Result::mismatches() const {
  std::size_t n = 0;
  for (const Cell& cell : cells) n += cell.matches ? 0 : 1;
  return n;
}

std::size_t Result::incomplete() const {
  std::size_t n = 0;
  for (const Cell& cell : cells) n += !cell.matches && cell.got == "unknown" ? 1 : 0;
  return n;
}

namespace {
bool stop_requested(const Options& options) {
  return options.stop != nullptr && options.stop->load(std::memory_order_relaxed);
}
}  // namespace

namespace {

using Clock = std::chrono::steady_clock;

std::string steps_text(const trace::Trace& trace) {
  std::ostringstream out;
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    if (trace.loop_start && *trace.loop_start == i) out << "   -- the steps below repeat forever --\n";
    out << (i + 1) << ". " << trace.steps[i].actor << " " << trace.steps[i].event << "\n";
    for (const trace::TraceLog& line : trace.steps[i].log) out << "     " << line.actor << " log: " << line.text << "\n";
  }
  return out.str();
}

std::string file_stem(const Cell& cell) {
  std::string stem = cell.variant + "-" + cell.property + "-" + cell.explorer + "-" + cell.configuration;
  for (char& c : stem) {
    if (c == ' ' || c == '=' || c == '.') c = '_';
  }
  return stem;
}

// Writes the trace and its sequence diagram; a diagram that cannot be drawn
// is noted on the cell, never fatal: the trace itself is the evidence.
void write_evidence(Cell& cell, const std::string& out_dir) {
  if (out_dir.empty() || !cell.trace) return;
  const std::string stem = file_stem(cell);
  std::filesystem::create_directories(out_dir + "/traces");
  cell.trace_file = "traces/" + stem + ".json";
  trace::write_trace_file(out_dir + "/" + cell.trace_file, *cell.trace);
  try {
    const trace::Replay replay = trace::replay_trace(*cell.trace);
    cell.diagram_file = "traces/" + stem + ".svg";
    render::render_to_file(render::sequence_dot(replay), out_dir + "/" + cell.diagram_file);
  } catch (const std::exception& e) {
    cell.diagram_file.clear();
    cell.detail += std::string("\n(no diagram: ") + e.what() + ")";
  }
}

/// "", or " hm=one-at-a-time sender_slots=2" for a shared parent.
std::string parent_label(const sm::SharedParent& parent) {
  std::string out;
  if (parent.one_hm()) out += std::string(" hm=") + spec::hm_mode_name(parent.hm);
  if (parent.slots_limited()) out += " sender_slots=" + std::to_string(parent.sender_slots);
  return out;
}

void exhaustive_grid(const spec::Expectations& expectations, const spec::Variant& variant, const Options& options,
                     const spec::Grid& grid, const sm::SharedParent& parent, Result& result) {
  for (int n : grid.sites) {
    for (int m : grid.logon_servers) {
      if (stop_requested(options)) return;
      spec::CheckOptions check;
      check.threads = options.threads;
      check.max_states = grid.max_states;
      check.timeout = grid.timeout;
      check.max_memory = options.max_memory;
      check.stop = options.stop;
      spec::Config config{&variant, n, m, spec::Environment::unattended};
      config.parent = parent;
      const spec::CheckReport report = spec::check_protocol(config, check);
      for (const spec::CheckedProperty& p : report.properties) {
        Cell cell;
        cell.variant = variant.name;
        cell.property = p.info->name;
        cell.explorer = "exhaustive";
        cell.configuration = fmt::format("N={} M={}{}", n, m, parent_label(parent));
        cell.expected = spec::outcome_key(expectations.expected(variant.name, p.info->name, parent));
        cell.got = spec::outcome_key(p.outcome);
        cell.matches = cell.expected == cell.got || (p.outcome == spec::Outcome::unknown && grid.allow_incomplete);
        for (const spec::EnvironmentRun& run : report.runs) {
          if (run.environment == p.info->environment) {
            cell.states = run.stats.states;
            cell.seconds = run.stats.seconds;
          }
        }
        cell.detail = p.result.note;
        if (p.outcome == spec::Outcome::unknown)
          cell.detail = "incomplete: the check stopped (" +
                        (report.stopped_by().empty() ? std::string("liveness") : report.stopped_by()) + ")" +
                        (grid.allow_incomplete ? ", which this profile allows" : "") +
                        (cell.detail.empty() ? "" : "; " + cell.detail);
        if (p.outcome == spec::Outcome::violated && p.result.path) {
          cell.trace = trace::counterexample_trace(config, p, "bfs");
          cell.detail = steps_text(*cell.trace) + (cell.detail.empty() ? "" : "(" + cell.detail + ")");
        }
        write_evidence(cell, options.out_dir);
        result.cells.push_back(std::move(cell));
      }
      if (options.progress)
        options.progress(fmt::format("{} exhaustive N={} M={}{}: {} states", variant.name, n, m,
                                     parent_label(parent), report.states()));
    }
  }
}

/// The profile's grid with the default parent, then each shared parent of
/// the expectations over the profile's shared-parent grid, if it has one.
void exhaustive_cells(const spec::Expectations& expectations, const spec::Variant& variant, const Options& options,
                      Result& result) {
  exhaustive_grid(expectations, variant, options, expectations.grid(options.profile), sm::SharedParent{}, result);
  const spec::Grid* shared = expectations.shared_parent_grid(options.profile);
  if (shared == nullptr) return;
  for (const spec::SharedParentExpectation& e : expectations.shared_parents)
    exhaustive_grid(expectations, variant, options, *shared, e.parent, result);
}

void property_based_cells(const spec::Expectations& expectations, const spec::Variant& variant,
                          const Options& options, Result& result) {
  const auto found = expectations.property_based.find(options.profile);
  if (found == expectations.property_based.end()) return;  // a profile may be exhaustive only
  const spec::ScheduleGrid& grid = found->second;
  for (const std::string& scheduler : grid.schedulers) {
    if (stop_requested(options)) return;
    sim::ExploreOptions explore;
    explore.stop = options.stop;
    explore.variant = &variant;
    explore.min_sites = grid.min_sites;
    explore.max_sites = grid.max_sites;
    explore.min_logon_servers = grid.min_logon_servers;
    explore.max_logon_servers = grid.max_logon_servers;
    explore.scheduler = *sim::find_scheduler(scheduler);
    explore.runs = grid.runs;
    explore.seed = options.seed;
    explore.test_id = std::string("smsmc gate ") + variant.name + " " + scheduler;
    const sim::Exploration exploration = sim::explore(explore);

    Cell cell;
    cell.variant = variant.name;
    cell.property = "schedules";
    cell.explorer = scheduler;
    cell.configuration = fmt::format("N={}..{} M={}..{} x{}", grid.min_sites, grid.max_sites, grid.min_logon_servers,
                                     grid.max_logon_servers, grid.runs);
    cell.expected = expectations.expects_race(variant.name) ? "violated" : "holds";
    cell.states = exploration.schedules;
    cell.seconds = exploration.seconds;
    switch (exploration.verdict) {
      case sim::Exploration::Verdict::holds: cell.got = exploration.stopped ? "unknown" : "holds"; break;
      case sim::Exploration::Verdict::violated: cell.got = "violated"; break;
      case sim::Exploration::Verdict::error: cell.got = "error"; break;
    }
    cell.matches = cell.expected == cell.got;
    cell.detail = fmt::format("{} schedules, {} steps", exploration.schedules, exploration.steps);
    if (exploration.counterexample) {
      cell.trace = sim::counterexample_trace(*exploration.counterexample, explore.scheduler, options.seed);
      cell.detail = fmt::format("{} violated (shrunk to {} steps, N={} M={}); reproduce with RC_PARAMS=\"{}\"\n",
                                exploration.counterexample->property, cell.trace->steps.size(),
                                exploration.counterexample->config.sites,
                                exploration.counterexample->config.logon_servers, exploration.rc_params) +
                    steps_text(*cell.trace);
    } else if (exploration.verdict == sim::Exploration::Verdict::error) {
      cell.detail = exploration.message;
    }
    write_evidence(cell, options.out_dir);
    result.cells.push_back(std::move(cell));
    if (options.progress)
      options.progress(fmt::format("{} property-based {}: {} schedules", variant.name, scheduler, exploration.schedules));
  }
}

}  // namespace

Result run(const spec::Expectations& expectations, const Options& options) {
  const auto start = Clock::now();
  (void)expectations.grid(options.profile);  // an unknown profile is an error before any work
  std::vector<const spec::Variant*> selected;
  for (const std::string& name : options.variants) {
    const spec::Variant* v = spec::find_variant(name);
    if (v == nullptr) throw std::invalid_argument("unknown variant '" + name + "' (see `smsmc list`)");
    selected.push_back(v);
  }
  if (selected.empty()) {
    for (const spec::Variant& v : spec::variants()) {
      if (expectations.outcomes.count(v.name) != 0) selected.push_back(&v);
    }
  }
  Result result;
  for (const spec::Variant* variant : selected) {
    if (stop_requested(options)) break;
    const auto variant_start = Clock::now();
    exhaustive_cells(expectations, *variant, options, result);
    property_based_cells(expectations, *variant, options, result);
    timed_cells(expectations, *variant, options, result);
    result.variant_seconds[variant->name] = std::chrono::duration<double>(Clock::now() - variant_start).count();
  }
  result.interrupted = stop_requested(options);
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace smsmc::gate
