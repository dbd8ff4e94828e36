#include "trace/replay.h"

#include "mc/evaluate.h"
#include "spec/properties.h"
#include "spec/timed_model.h"
#include "spec/variants.h"
#include "statemachines/protocol.h"

#include <algorithm>
#include <map>

namespace smsmc::trace {

using spec::Config;
using spec::Environment;
using spec::ProtocolModel;
using spec::PropertyInfo;
using spec::Variant;
using spec::find_property;
using spec::find_variant;
using spec::variants;

const char* finding_name(Finding finding) {
  switch (finding) {
    case Finding::clean: return "clean";
    case Finding::safety_violation: return "safety violation";
    case Finding::terminal_state: return "terminal state short of the goal";
    case Finding::fair_lasso: return "fair cycle that never reaches the goal";
  }
  return "?";
}

const mc::Word* Replay::state_after(std::size_t count) const {
  return count == 0 ? initial.data() : steps[count - 1].state.data();
}

namespace {

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string variant_names() {
  std::vector<std::string> names;
  for (const Variant& v : variants()) names.emplace_back(v.name);
  return join(names, ", ");
}

std::string enabled_here(const ProtocolModel& model, const mc::Word* state) {
  std::vector<mc::Action> actions;
  model.actions(state, actions);
  std::vector<std::string> names;
  for (mc::Action a : actions) names.push_back(model.format_action(a));
  return names.empty() ? "nothing is enabled here" : "enabled here: " + join(names, ", ");
}

const char* state_name(const sm::Layout& layout, const mc::Word* state, int actor) {
  return layout.machine(actor).states[layout.field(actor).get(state)];
}

/// Compares what the step did with what the trace recorded; throws on the
/// first difference.
void check_recorded(const Trace& trace, std::size_t number, const TraceStep& recorded, const sm::Layout& layout,
                    const mc::Word* before, const ReplayedStep& step) {
  std::map<std::string, std::string> states(recorded.states.begin(), recorded.states.end());
  for (const auto& [name, state] : states) {
    const int actor = layout.find_actor(name);
    if (actor < 0) throw TraceMismatch(number, "the trace records a state for '" + name + "', which is no actor here");
    const char* now = state_name(layout, step.state.data(), actor);
    if (state != now)
      throw TraceMismatch(number, "after the step " + name + " is in " + now + ", the trace records " + state);
  }
  for (std::size_t id = 0; id < layout.actors().size(); ++id) {
    const sm::Actor& a = layout.actors()[id];
    if (a.field.get(before) != a.field.get(step.state.data()) && states.count(a.name) == 0)
      throw TraceMismatch(number, "the step also moves " + a.name + " to " +
                                      state_name(layout, step.state.data(), static_cast<int>(id)) +
                                      ", which the trace does not record");
  }
  for (std::size_t i = 0; i < std::max(recorded.log.size(), step.log.size()); ++i) {
    if (i >= step.log.size())
      throw TraceMismatch(number, "the trace records the log line \"" + recorded.log[i].text + "\" from " +
                                      recorded.log[i].actor + ", which the step does not write");
    const std::string& actor = layout.actor(step.log[i].actor).name;
    if (i >= recorded.log.size())
      throw TraceMismatch(number, actor + " writes \"" + step.log[i].text + "\", which the trace does not record");
    if (recorded.log[i].actor != actor || recorded.log[i].text != step.log[i].text)
      throw TraceMismatch(number, "log line " + std::to_string(i + 1) + " is \"" + step.log[i].text + "\" from " +
                                      actor + ", the trace records \"" + recorded.log[i].text + "\" from " +
                                      recorded.log[i].actor);
  }
  if (trace.version < 2) return;  // version 1 did not record messages
  for (std::size_t i = 0; i < std::max(recorded.messages.size(), step.messages.size()); ++i) {
    if (i >= step.messages.size())
      throw TraceMismatch(number, "the trace records the message " + recorded.messages[i].event + " from " +
                                      recorded.messages[i].from + " to " + recorded.messages[i].to +
                                      ", which the step does not send");
    const RecordedMessage& m = step.messages[i];
    const sm::Actor& to = layout.actor(m.to);
    const std::string event = layout.machine(m.to).events[static_cast<std::size_t>(m.event)].name;
    const std::string sent = event + " from " + layout.actor(m.from).name + " to " + to.name;
    if (i >= recorded.messages.size())
      throw TraceMismatch(number, "the step sends " + sent + ", which the trace does not record");
    const TraceMessage& r = recorded.messages[i];
    if (r.from != layout.actor(m.from).name || r.to != to.name || r.event != event)
      throw TraceMismatch(number, "message " + std::to_string(i + 1) + " is " + sent + ", the trace records " +
                                      r.event + " from " + r.from + " to " + r.to);
  }
}

void replay_steps(const Trace& trace, Replay& r) {
  const ProtocolModel& model = *r.model;
  const sm::Layout& layout = model.layout();
  const std::size_t words = layout.words();
  std::vector<mc::Word> state(words, 0);
  sm::World world = model.world(state.data());
  sm::MsmRunner msm(world);  // puts every actor's initial MSM state into `state`
  RecordingDispatcher recorder(msm);
  world.dispatcher = &recorder;

  model.init_states(r.initial);
  if (r.initial != state)
    throw TraceMismatch(0, "Boost.MSM's initial states differ from the compiled tables' (a bug in compile_table)");

  std::vector<mc::Word> expected(words);
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const std::size_t number = i + 1;
    const TraceStep& recorded = trace.steps[i];
    const int actor = layout.find_actor(recorded.actor);
    if (actor < 0)
      throw TraceMismatch(number, "no actor named '" + recorded.actor + "' at N=" + std::to_string(layout.sites()) +
                                      ", M=" + std::to_string(layout.logon_servers()) +
                                      " (actors are named like despooler[1] and logon_server[1.2])");
    const sm::MachineInfo& info = layout.machine(actor);
    const int event = info.find_event(recorded.event);
    if (event < 0) {
      std::vector<std::string> known;
      for (const sm::EventInfo& e : info.events) known.emplace_back(e.name);
      throw TraceMismatch(number, recorded.actor + " (a " + info.name + ") has no event '" + recorded.event +
                                      "'; its events are " + join(known, ", "));
    }
    if (!info.events[static_cast<std::size_t>(event)].spontaneous)
      throw TraceMismatch(number, "'" + recorded.event + "' is a message " + recorded.actor +
                                      " receives from another machine, not a step it takes by itself");

    const std::vector<mc::Word> before = state;
    const bool table_enabled = sm::TableRunner::enabled(world, actor, event);
    std::vector<sm::LogLine> expected_log;
    if (table_enabled) model.step(before.data(), ProtocolModel::encode(actor, event), expected.data(), expected_log);

    ReplayedStep step;
    step.actor = actor;
    step.event = event;
    step.before = layout.actor(actor).field.get(state.data());
    world.log = &step.log;
    const bool fired = msm.fire(actor, event);
    world.log = nullptr;
    step.messages = recorder.take();
    if (!fired) {
      throw TraceMismatch(number, recorded.actor + " " + recorded.event + " is not enabled: " + recorded.actor +
                                      " is in " + info.states[step.before] + (table_enabled ? " (but the compiled table enables it: a bug in compile_table)" : "") +
                                      "; " + enabled_here(model, before.data()));
    }
    if (!table_enabled || state != expected)
      throw TraceMismatch(number, "Boost.MSM and the compiled tables disagree on " + recorded.actor + " " +
                                      recorded.event + " (a bug in compile_table or a guard with side effects)");
    step.after = layout.actor(actor).field.get(state.data());
    step.state = state;
    check_recorded(trace, number, recorded, layout, before.data(), step);
    r.steps.push_back(std::move(step));
  }
  std::vector<mc::Action> actions;
  model.actions(state.data(), actions);
  r.terminal = actions.empty();
}

/// What the trace shows, as the property evaluator (mc/evaluate.h) judges
/// the replayed states: the checker's own definitions of the first failing
/// step, terminal states and weak fairness.
void judge(Replay& r) {
  const ProtocolModel& model = *r.model;
  const std::size_t n = r.steps.size();
  if (r.trace.loop_start && *r.trace.loop_start >= n)
    throw TraceMismatch(0, "field 'loop_start' leaves no step in the loop");
  std::vector<mc::Word> states = r.initial;
  std::vector<mc::Action> actions;
  for (const ReplayedStep& step : r.steps) {
    states.insert(states.end(), step.state.begin(), step.state.end());
    actions.push_back(ProtocolModel::encode(step.actor, step.event));
  }
  r.evaluation =
      mc::evaluate_states(model, std::move(states), std::move(actions), r.trace.loop_start, model.properties());
  const mc::Evaluation& e = r.evaluation;

  for (const mc::PropertyOnPath& p : e.properties) {
    if (p.kind == mc::Expectation::always && !p.holds_at_end) r.violated.push_back(p.name);
  }
  const mc::PropertyOnPath* recorded = r.trace.property.empty() ? nullptr : e.find(r.trace.property);
  auto safety = [&](const std::string& name) {
    r.finding = Finding::safety_violation;
    r.property = name;
    const std::optional<std::size_t> k = e.find(name)->first_failure;
    if (k && *k > 0) r.violating_step = *k;
  };
  auto otherwise = [&] {
    if (!r.violated.empty()) safety(r.violated.front());
  };

  if (recorded != nullptr && recorded->kind == mc::Expectation::eventually) {
    if (recorded->first_holds) {
      r.notes.push_back("the trace reaches the goal of " + recorded->name + " after step " +
                        std::to_string(*recorded->first_holds) + ", so it shows no violation of it");
      return otherwise();
    }
    if (r.trace.loop_start) {
      const std::size_t loop = *r.trace.loop_start;
      if (!e.loop_closes)
        throw TraceMismatch(n, "the trace claims steps " + std::to_string(loop + 1) + ".." + std::to_string(n) +
                                   " repeat, but the last one does not return to the state after step " +
                                   std::to_string(loop));
      if (e.starved_process) {
        r.notes.push_back("the cycle of steps " + std::to_string(loop + 1) + ".." + std::to_string(n) +
                          " is not fair: " + r.layout().actor(*e.starved_process).name +
                          " is enabled throughout and never steps, so under weak fairness it is no counterexample to " +
                          recorded->name);
        return otherwise();
      }
      r.finding = Finding::fair_lasso;
      r.property = recorded->name;
      r.notes.push_back("steps " + std::to_string(loop + 1) + ".." + std::to_string(n) +
                        " form a fair cycle that repeats forever without reaching the goal of " + recorded->name);
      return;
    }
    if (recorded->discovery != mc::Discovery::terminal_state) {
      r.notes.push_back("the trace ends where steps are still enabled and has no loop, so by itself it shows no "
                        "violation of " + recorded->name);
      return otherwise();
    }
    r.finding = Finding::terminal_state;
    r.property = recorded->name;
    if (n > 0) r.violating_step = n;
    r.notes.push_back("the trace ends in a terminal state (nothing is enabled) where the goal of " + recorded->name +
                      " does not hold, and never reached it on the way");
    return;
  }

  if (recorded != nullptr && recorded->kind == mc::Expectation::always) {
    if (!recorded->holds_at_end) return safety(recorded->name);
    r.notes.push_back("the trace records a violation of " + recorded->name + ", but its end state satisfies it");
  }
  if (recorded != nullptr && recorded->kind == mc::Expectation::sometimes)
    r.notes.push_back(recorded->name + (recorded->holds_at_end ? " is reached" : " is not reached") +
                      " by the end state (a witness, not a property)");
  otherwise();
}

}  // namespace

namespace {
/// A timed trace (version 3): its times must satisfy the durations it
/// carries, replayed by the timed engine's exact run checker
/// (mc::timed::check_run), which shares no code with the zones.
void check_timing(const Config& config, Replay& r) {
  spec::TimingProfile profile = spec::load_timing().profile("default");
  profile.name = r.trace.timing->profile;
  for (const auto& [name, value] : r.trace.timing->durations) {
    try {
      profile.set(name + "=" + value);
    } catch (const std::invalid_argument& e) {
      throw TraceMismatch(0, std::string("timing: ") + e.what());
    }
  }
  const spec::TimedProtocolModel model(config, profile);
  mc::timed::TimedRun run;
  for (std::size_t i = 0; i < r.steps.size(); ++i) {
    if (!r.trace.steps[i].time) throw TraceMismatch(i + 1, "a timed trace needs a 'time' on every step");
    run.steps.push_back({ProtocolModel::encode(r.steps[i].actor, r.steps[i].event), *r.trace.steps[i].time});
  }
  if (const std::optional<std::string> why = mc::timed::check_run(model, run))
    throw TraceMismatch(0, "the step times do not fit the trace's timing (" + r.trace.timing->profile + "): " + *why);
  r.notes.push_back("timing: every step's time fits the durations of profile " + r.trace.timing->profile);
}
}  // namespace

Replay replay_trace(const Trace& trace, const ReplayOptions& options) {
  Replay r;
  r.trace = trace;
  const Variant* variant = find_variant(trace.variant);
  if (variant == nullptr)
    throw TraceMismatch(0, "unknown variant '" + trace.variant + "' (this model has " + variant_names() + ")");
  Config config{variant, trace.sites, trace.logon_servers, trace.environment, options.registry};
  config.timed = trace.timing.has_value();
  config.parent = trace.parent;
  try {
    spec::validate(config);
  } catch (const std::invalid_argument& e) {
    throw TraceMismatch(0, e.what());
  }
  if (!trace.property.empty()) {
    const PropertyInfo* info = find_property(trace.property);
    if (info == nullptr) throw TraceMismatch(0, "unknown property '" + trace.property + "' (see `smsmc list`)");
    if (info->environment != trace.environment)
      throw TraceMismatch(0, "property " + trace.property + " is checked with environment " +
                                 spec::environment_name(info->environment) + ", but the trace was recorded with " +
                                 spec::environment_name(trace.environment));
  }
  r.model = std::make_unique<ProtocolModel>(config);

  const std::string fingerprint = model_fingerprint(r.layout().registry());
  r.fingerprint_matches = trace.fingerprint == fingerprint;
  const std::string other_tables = "the trace was recorded against other transition tables (fingerprint " +
                                   trace.fingerprint + ", this model's is " + fingerprint + ")";
  try {
    replay_steps(trace, r);
  } catch (const TraceMismatch& e) {
    if (r.fingerprint_matches) throw;
    throw TraceMismatch(e.step, e.why + "; " + other_tables);
  }
  judge(r);
  if (trace.timing) check_timing(config, r);
  if (!r.fingerprint_matches) {
    if (options.check_fingerprint)
      throw TraceMismatch(0, other_tables + "; its steps still replay here (" + std::string(finding_name(r.finding)) +
                                 (r.property.empty() ? "" : " of " + r.property) +
                                 "), so regenerate it with traces/regenerate.sh, or pass --ignore-fingerprint");
    r.notes.push_back(other_tables + "; its steps still replay here");
  }
  return r;
}

}  // namespace smsmc::trace
