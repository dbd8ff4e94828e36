#include "trace/record.h"

#include "statemachines/protocol.h"
#include "trace/recorder.h"

#include <stdexcept>

namespace smsmc::trace {

using spec::ProtocolModel;

Trace make_trace(const ProtocolModel& model, const mc::Path& path, const std::string& property,
                 const std::string& explorer, std::optional<std::uint64_t> seed) {
  const sm::Layout& layout = model.layout();
  Trace trace;
  trace.variant = model.config().variant->name;
  trace.sites = layout.sites();
  trace.logon_servers = layout.logon_servers();
  trace.environment = model.config().environment;
  trace.parent = model.config().parent;
  trace.explorer = explorer;
  trace.seed = seed;
  trace.property = property;
  trace.fingerprint = model_fingerprint(layout.registry());
  trace.loop_start = path.loop_start;

  std::vector<mc::Word> inits;
  model.init_states(inits);
  const std::size_t words = model.state_words();
  std::vector<mc::Word> state(inits.begin() + static_cast<std::ptrdiff_t>(path.init * words),
                              inits.begin() + static_cast<std::ptrdiff_t>((path.init + 1) * words));
  std::vector<mc::Word> next(words);
  // The same compiled tables the explorer ran, behind a recorder, so the
  // trace also names every message a step sends.
  sm::TableRunner runner;
  RecordingDispatcher recorder(runner);
  for (mc::Action action : path.actions) {
    std::vector<sm::LogLine> log;
    next = state;
    sm::World world = model.world(next.data(), &recorder, &log);
    const int actor = ProtocolModel::actor_of(action);
    const int event = ProtocolModel::event_of(action);
    if (!runner.fire(world, actor, event))
      throw std::logic_error("make_trace: action " + model.format_action(action) + " is not enabled");
    TraceStep step;
    step.actor = layout.actor(actor).name;
    step.event = layout.machine(actor).events[static_cast<std::size_t>(event)].name;
    for (const RecordedMessage& m : recorder.take()) {
      const sm::Actor& to = layout.actor(m.to);
      step.messages.push_back(
          {layout.actor(m.from).name, to.name, layout.machine(m.to).events[static_cast<std::size_t>(m.event)].name});
    }
    for (std::size_t id = 0; id < layout.actors().size(); ++id) {
      const sm::Actor& a = layout.actors()[id];
      if (a.field.get(state.data()) != a.field.get(next.data()))
        step.states.emplace_back(a.name, layout.machine(static_cast<int>(id)).states[a.field.get(next.data())]);
    }
    for (const sm::LogLine& line : log) step.log.push_back({layout.actor(line.actor).name, line.text});
    trace.steps.push_back(std::move(step));
    state.swap(next);
  }
  return trace;
}

Trace counterexample_trace(const spec::Config& config, const spec::CheckedProperty& property,
                           const std::string& explorer) {
  if (!property.result.path) throw std::logic_error(std::string("no path for ") + property.info->name);
  spec::Config env_config = config;
  env_config.environment = property.info->environment;
  const ProtocolModel model(env_config);
  return make_trace(model, *property.result.path, property.info->name, explorer);
}

}  // namespace smsmc::trace

namespace smsmc::trace {

Trace make_timed_trace(const spec::TimedProtocolModel& model, const mc::timed::TimedRun& run,
                       const std::string& property, const std::string& explorer) {
  Trace trace = make_trace(model.protocol(), run.path(), property, explorer);
  for (std::size_t i = 0; i < trace.steps.size(); ++i) trace.steps[i].time = run.steps[i].at;
  TraceTiming timing;
  timing.profile = model.profile().name;
  for (const auto& [name, value] : model.profile().values) timing.durations.emplace_back(name, spec::format_duration(value));
  trace.timing = std::move(timing);
  return trace;
}

}  // namespace smsmc::trace
