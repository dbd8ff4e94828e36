#include "tools/smsmc/json_report.h"

#include <cstdio>
#include <cstring>

#include "gate/gate.h"
#include "sim/explore.h"
#include "sim/timed.h"
#include "spec/expectations.h"
#include "spec/shared_parent.h"
#include "spec/variants.h"
#include "tools/smsmc/exit_codes.h"
#include "trace/record.h"
#include "trace/replay.h"

namespace smsmc::cli::json {

namespace {

Json optional_string(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

/// The exit code's meaning, for a reader that does not know the table; the
/// gate and the matrix say what 0 and 1 mean for them.
Json exit_json(const std::string& command, int code) {
  const char* meaning = "?";
  std::string description;
  switch (code) {
    case exit_code::holds:
      meaning = "holds";
      description = command == "gate"     ? "every cell matches its expectation"
                    : command == "matrix" ? "the verdict table was computed (its cells carry the violations)"
                    : command == "replay" ? "the trace is clean: its end state violates no property"
                                          : "every selected property was decided and holds";
      break;
    case exit_code::violated:
      meaning = "violated";
      description = command == "gate"     ? "a cell differs from its expectation"
                    : command == "replay" ? "the trace shows a violation"
                                          : "a property is violated or a witness not found; a counterexample is "
                                            "final even when the run stopped early";
      break;
    case exit_code::usage:
      meaning = "error";
      description = "usage or input error: nothing was checked";
      break;
    case exit_code::incomplete:
      meaning = "incomplete";
      description = "the run stopped before every verdict was decided and found no violation: not a proof";
      break;
    default:
      break;
  }
  return {{"code", code}, {"meaning", meaning}, {"description", description}};
}

Json environment_json(const spec::EnvironmentRun& run) {
  const mc::Stats& s = run.stats;
  const bool partial = !s.complete && !s.decided_early;
  return {
      {"environment", spec::environment_name(run.environment)},
      {"states", s.states},
      {"transitions", s.transitions},
      {"depth", s.depth},
      {"seconds", s.seconds},
      {"search_seconds", s.search_seconds},
      {"explored", s.complete        ? "all"
                   : s.decided_early ? "until-decided"
                                     : "partial"},
      {"stopped_by", partial ? optional_string(s.stopped_by) : Json(nullptr)},
      {"state_bytes", s.state_bytes},
      {"memory_peak_bytes", s.memory_peak},
  };
}

Json property_json(const spec::Config& config, const spec::CheckedProperty& p, const std::string& explorer,
                   const std::vector<TraceFile>& files) {
  Json written = Json::array();
  for (const TraceFile& f : files) {
    if (f.property == p.info->name) written.push_back({{"file", f.file}, {"error", optional_string(f.error)}});
  }
  Json counterexample = nullptr;
  if (p.outcome == spec::Outcome::violated && p.result.path)
    counterexample = trace::trace_to_json_value(trace::counterexample_trace(config, p, explorer));
  return {
      {"name", p.info->name},
      {"kind", mc::expectation_name(p.info->kind)},
      {"role", spec::role_name(p.info->role)},
      {"partner", optional_string(p.info->partner)},
      {"environment", spec::environment_name(p.info->environment)},
      {"statement", p.info->statement},
      {"verdict", spec::outcome_key(p.outcome)},
      {"failure", spec::is_failure(p.outcome)},
      {"note", p.result.note},
      {"counterexample", counterexample},
      {"trace_files", written},
  };
}

/// "unlimited" or the number K.
Json sender_slots_json(int slots) { return slots == 0 ? Json("unlimited") : Json(slots); }

Json config_json(const spec::Config& config, const Json& settings) {
  Json out = {
      {"variant", config.variant->name},
      {"sites", config.sites},
      {"logon_servers", config.logon_servers},
      {"hm", spec::hm_mode_name(config.parent.hm)},
      {"sender_slots", sender_slots_json(config.parent.sender_slots)},
  };
  for (const auto& [key, value] : settings.items()) out[key] = value;
  return out;
}

/// What check and each column of matrix report: the runs, the verdicts.
void add_check_body(Json& out, const spec::CheckReport& report, const std::string& explorer,
                    const std::vector<TraceFile>& files) {
  out["states"] = report.states();
  out["transitions"] = report.transitions();
  out["seconds"] = report.seconds();
  out["environments"] = Json::array();
  for (const spec::EnvironmentRun& run : report.runs) out["environments"].push_back(environment_json(run));
  out["properties"] = Json::array();
  for (const spec::CheckedProperty& p : report.properties)
    out["properties"].push_back(property_json(report.config, p, explorer, files));
}

const char* finding_key(trace::Finding finding) {
  switch (finding) {
    case trace::Finding::clean:
      return "clean";
    case trace::Finding::safety_violation:
      return "safety-violation";
    case trace::Finding::terminal_state:
      return "terminal-state";
    case trace::Finding::fair_lasso:
      return "fair-lasso";
  }
  return "?";
}

}  // namespace

void add_flag(CLI::App* cmd, bool& json) {
  cmd->add_flag("--json", json,
                "Print one JSON document on stdout instead of the report (spec/results.md; errors too, with the "
                "same exit code)");
}

bool requested(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--json") == 0) return true;
  }
  return false;
}

Json document(const std::string& command) {
  return {{"format", results_format}, {"version", results_version}, {"command", optional_string(command)}};
}

int emit(Json doc, int exit_code, bool complete, const std::string& stopped_by) {
  doc["exit"] = exit_json(doc["command"].is_string() ? doc["command"].get<std::string>() : "", exit_code);
  doc["complete"] = complete;
  doc["stopped_by"] = optional_string(stopped_by);
  // Replace, not throw: a trace's log line is smsmc's own text, but a file
  // name given on the command line need not be UTF-8.
  const std::string text = doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  return exit_code;
}

int emit_error(const std::string& command, int exit_code, const std::string& message) {
  Json doc = document(command);
  doc["error"] = {{"message", message}};
  return emit(std::move(doc), exit_code, false, exit_code == exit_code::incomplete ? "out-of-memory" : "");
}

int emit_check(const spec::CheckReport& report, const Json& settings, const std::string& explorer,
               const std::vector<TraceFile>& files, int exit_code) {
  Json doc = document("check");
  doc["configuration"] = config_json(report.config, settings);
  add_check_body(doc, report, explorer, files);
  return emit(std::move(doc), exit_code, report.complete(), report.stopped_by());
}

int emit_matrix(const std::vector<spec::CheckReport>& reports, const Json& settings, int exit_code) {
  Json doc = document("matrix");
  doc["configuration"] = settings;
  doc["variants"] = Json::array();
  bool complete = true;
  std::string stopped_by;
  for (const spec::CheckReport& report : reports) {
    Json column = {{"variant", report.config.variant->name},
                   {"complete", report.complete()},
                   {"stopped_by", optional_string(report.stopped_by())}};
    add_check_body(column, report, "bfs", {});
    doc["variants"].push_back(std::move(column));
    complete = complete && report.complete();
    if (stopped_by.empty()) stopped_by = report.stopped_by();
  }
  return emit(std::move(doc), exit_code, complete, stopped_by);
}

int emit_gate(const gate::Result& result, const Json& settings, const std::vector<std::string>& reports,
              int exit_code) {
  Json doc = document("gate");
  doc["configuration"] = settings;
  doc["cells"] = Json::array();
  for (const gate::Cell& cell : result.cells) {
    doc["cells"].push_back({
        {"variant", cell.variant},
        {"property", cell.property},
        {"explorer", cell.explorer},
        {"configuration", cell.configuration},
        {"expected", cell.expected},
        {"got", cell.got},
        {"matches", cell.matches},
        {"states", cell.states},
        {"seconds", cell.seconds},
        {"detail", cell.detail},
        {"counterexample", cell.trace ? trace::trace_to_json_value(*cell.trace) : Json(nullptr)},
        {"trace_file", optional_string(cell.trace_file)},
        {"diagram_file", optional_string(cell.diagram_file)},
    });
  }
  doc["summary"] = {
      {"cells", result.cells.size()},      {"differ", result.mismatches() - result.incomplete()},
      {"incomplete", result.incomplete()}, {"interrupted", result.interrupted},
      {"seconds", result.seconds},         {"variant_seconds", result.variant_seconds},
  };
  doc["reports"] = reports;
  // Complete: every cell ran and decided. A cell left unknown where the
  // profile allows it (allow_incomplete) passes the gate, exit 0, but is no
  // proof: such a gate is exit 0 and not complete.
  bool undecided = false;
  for (const gate::Cell& cell : result.cells) undecided = undecided || cell.got == "unknown";
  const bool complete = !result.interrupted && !undecided;
  std::string stopped_by;
  if (result.interrupted)
    stopped_by = "signal";
  else if (undecided)
    stopped_by = "cells";
  return emit(std::move(doc), exit_code, complete, stopped_by);
}

int emit_simulate(const spec::Config& config, const Json& settings, const sim::Exploration& result,
                  const trace::Trace* trace, const std::vector<TraceFile>& files, int exit_code) {
  Json doc = document("simulate");
  doc["configuration"] = config_json(config, settings);
  doc["statistics"] = {
      {"schedules", result.schedules},       {"steps", result.steps},
      {"seconds", result.seconds},           {"complete_runs", result.complete_runs},
      {"bounded_runs", result.bounded_runs}, {"witnessed", result.witnessed},
  };
  const bool violated = result.verdict == sim::Exploration::Verdict::violated && result.counterexample;
  doc["verdict"] = violated ? "violated" : "holds";
  doc["counterexample"] = nullptr;
  if (violated && trace != nullptr) {
    Json written = Json::array();
    for (const TraceFile& f : files) written.push_back({{"file", f.file}, {"error", optional_string(f.error)}});
    doc["counterexample"] = {
        {"property", result.counterexample->property},
        {"schedule", result.schedules},
        {"schedule_seed", result.counterexample->schedule_seed},
        {"shrink_candidates", result.shrink_candidates},
        {"shrinks_accepted", result.shrinks_accepted},
        {"shrunk", !result.stopped},
        {"rc_params", optional_string(result.rc_params)},
        {"trace", trace::trace_to_json_value(*trace)},
        {"trace_files", written},
    };
  }
  return emit(std::move(doc), exit_code, !result.stopped, result.stopped ? "signal" : "");
}

int emit_timed_simulate(const spec::Config& config, const Json& settings, const sim::TimedSimResult& result,
                        const trace::Trace* trace, int exit_code) {
  Json doc = document("simulate");
  doc["configuration"] = config_json(config, settings);
  doc["statistics"] = {{"runs", result.runs}, {"steps", result.steps}};
  const bool violated = !result.property.empty();
  doc["verdict"] = violated ? "violated" : "holds";
  doc["counterexample"] = nullptr;
  if (violated) {
    doc["counterexample"] = {
        {"property", result.property},
        {"run", result.runs},
        {"steps_drawn", result.found ? result.found->steps.size() : 0},
        {"trace", trace != nullptr ? trace::trace_to_json_value(*trace) : Json(nullptr)},
    };
  }
  return emit(std::move(doc), exit_code, true, "");
}

namespace {

Json extreme_json(const std::optional<mc::timed::TimeExtreme>& e) {
  if (!e) return nullptr;
  return {{"seconds", e->value}, {"attained", e->attained}, {"beyond_horizon", e->beyond_horizon}};
}

}  // namespace

int emit_timed_check(const spec::Config& config, const Json& settings, const mc::timed::TimedResult& result,
                     const mc::timed::TimeToGoal& goal, const std::vector<std::pair<std::string, trace::Trace>>& traces,
                     int exit_code) {
  Json doc = document("check");
  doc["configuration"] = config_json(config, settings);
  const mc::timed::TimedStats& s = result.stats;
  const bool partial = !s.complete && !s.decided_early;
  doc["zones"] = {
      {"stored", s.stored},
      {"visited", s.visited},
      {"discrete_states", s.discrete_states},
      {"depth", s.depth},
      {"seconds", s.seconds},
      {"explored", s.complete ? "all" : s.decided_early ? "until-decided" : "partial"},
      {"stopped_by", partial ? optional_string(s.stopped_by) : Json(nullptr)},
  };
  doc["properties"] = Json::array();
  for (const mc::timed::TimedPropertyResult& p : result.properties) {
    const bool witness = p.kind == mc::Expectation::sometimes;
    std::string verdict = mc::verdict_name(p.verdict);
    if (witness && p.verdict == mc::Verdict::violated) verdict = "not-found";
    if (witness && p.verdict == mc::Verdict::holds) verdict = "found";
    Json counterexample = nullptr;
    for (const auto& [name, trace] : traces) {
      if (name == p.name) counterexample = trace::trace_to_json_value(trace);
    }
    doc["properties"].push_back({{"name", p.name},
                                 {"kind", mc::expectation_name(p.kind)},
                                 {"verdict", verdict},
                                 {"failure", p.verdict == mc::Verdict::violated},
                                 {"note", p.note},
                                 {"counterexample", counterexample}});
  }
  doc["time_to_upgrade"] = {
      {"best", extreme_json(goal.best)},
      {"worst", extreme_json(goal.worst)},
      {"avoidable", mc::timed::avoidance_name(goal.avoidable)},
      {"note", goal.avoidable_note},
      {"zones", goal.stats.stored},
  };
  return emit(std::move(doc), exit_code, !partial, partial ? s.stopped_by : "");
}

int emit_replay(const trace::Replay& r, const Json& settings, int exit_code) {
  Json doc = document("replay");
  doc["configuration"] = settings;
  doc["trace"] = trace::trace_to_json_value(r.trace);
  doc["fingerprint_matches"] = r.fingerprint_matches;
  doc["model_fingerprint"] = trace::model_fingerprint();
  doc["terminal"] = r.terminal;
  doc["verdict"] = r.violation() ? "violated" : "clean";
  doc["finding"] = finding_key(r.finding);
  doc["property"] = optional_string(r.property);
  const spec::PropertyInfo* info = spec::find_property(r.property);
  doc["statement"] = info != nullptr ? Json(info->statement) : Json(nullptr);
  doc["violating_step"] = r.violating_step ? Json(*r.violating_step) : Json(nullptr);
  Json others = Json::array();
  for (const std::string& name : r.violated) {
    if (name != r.property) others.push_back(name);
  }
  doc["also_violates"] = others;
  doc["notes"] = r.notes;
  return emit(std::move(doc), exit_code, true, "");
}

Json timing_json(const spec::TimingProfile& profile) {
  Json durations = Json::object();
  for (const auto& [name, value] : profile.values) durations[name] = spec::format_duration(value);
  return {{"profile", profile.name}, {"durations", durations}};
}

int emit_threshold(const spec::ThresholdResult& result, const Json& settings, const spec::ClosedForm* form,
                   const trace::Trace* trace, int exit_code) {
  Json doc = document("threshold");
  doc["configuration"] = settings;
  doc["verdicts"] = Json::array();
  for (std::size_t m = 0; m < result.verdicts.size(); ++m)
    doc["verdicts"].push_back({{"m", m}, {"verdict", mc::verdict_name(result.verdicts[m])}});
  // As the report: an incomplete search names no M*, since an undecided
  // smaller M could still be the least racy one.
  doc["m_star"] = result.complete && result.m_star ? Json(*result.m_star) : Json(nullptr);
  doc["closed_form"] = nullptr;
  if (form != nullptr && form->known) {
    doc["closed_form"] = {{"formula", form->formula},
                          {"m_star", form->m_star ? Json(*form->m_star) : Json(nullptr)},
                          {"racy_for_every_m", form->racy_for_every_m}};
  }
  doc["zones_stored"] = result.zones_stored;
  doc["zones_visited"] = result.zones_visited;
  doc["seconds"] = result.seconds;
  doc["counterexample"] = trace != nullptr ? trace::trace_to_json_value(*trace) : Json(nullptr);
  return emit(std::move(doc), exit_code, result.complete, result.complete ? "" : "timeout");
}

int emit_sweep(const Json& settings, const std::vector<std::string>& variants, const std::vector<std::int64_t>& values,
               const std::vector<std::vector<std::optional<int>>>& m_star, const std::vector<std::int64_t>& skipped,
               std::uint64_t zones_stored, double seconds, int exit_code) {
  Json doc = document("sweep");
  doc["configuration"] = settings;
  doc["rows"] = Json::array();
  for (std::size_t i = 0; i < values.size(); ++i) {
    Json row = Json::object();
    for (std::size_t v = 0; v < variants.size(); ++v)
      row[variants[v]] = m_star[v][i] ? Json(*m_star[v][i]) : Json(nullptr);
    doc["rows"].push_back({{"value", values[i]}, {"m_star", row}});
  }
  doc["skipped"] = skipped;
  doc["zones_stored"] = zones_stored;
  doc["seconds"] = seconds;
  return emit(std::move(doc), exit_code, true, "");
}

}  // namespace smsmc::cli::json
