#include "spec/timed_model.h"

#include "spec/properties.h"
#include "statemachines/protocol.h"

#include <algorithm>
#include <stdexcept>

namespace smsmc::spec {

/// The discrete part: the protocol model with the timed catalogue. The
/// untimed liveness properties are left out (the zone explorer checks
/// safety and reachability; time_to answers "does every run upgrade");
/// upgrade-within-48h is added.
class TimedProtocolModel::Discrete final : public mc::Model {
 public:
  explicit Discrete(const ProtocolModel& model) : model_(model) {}
  [[nodiscard]] std::size_t state_words() const override { return model_.state_words(); }
  void init_states(std::vector<mc::Word>& out) const override { model_.init_states(out); }
  void actions(const mc::Word* state, std::vector<mc::Action>& out) const override { model_.actions(state, out); }
  void next_state(const mc::Word* state, mc::Action action, mc::Word* out) const override {
    model_.next_state(state, action, out);
  }
  [[nodiscard]] std::vector<mc::Property> properties() const override {
    std::vector<mc::Property> out;
    for (mc::Property& p : model_.properties()) {
      if (p.kind != mc::Expectation::eventually) out.push_back(std::move(p));
    }
    const sm::Layout& layout = model_.layout();
    out.push_back({upgrade_within_48h, mc::Expectation::always,
                   [&layout](const mc::StateView& view) {
                     for (int site = 0; site < layout.sites(); ++site) {
                       if (sm::site_in_emergency_restart(layout, view.words, site)) return false;
                     }
                     return true;
                   },
                   "no site reaches Emergency Restart: every site upgrades within watchdog.timeout of UBS's start",
                   ""});
    return out;
  }
  [[nodiscard]] int process_of(mc::Action action) const override { return model_.process_of(action); }
  [[nodiscard]] int process_count() const override { return model_.process_count(); }
  [[nodiscard]] std::string format_action(mc::Action action) const override { return model_.format_action(action); }

 private:
  const ProtocolModel& model_;
};

TimedProtocolModel::TimedProtocolModel(Config config, TimingProfile profile) : profile_(std::move(profile)) {
  config.timed = true;
  config.environment = Environment::unattended;
  model_ = std::make_unique<ProtocolModel>(config);
  discrete_ = std::make_unique<Discrete>(*model_);
  const sm::Layout& layout = model_->layout();
  timing_.resize(layout.actors().size());
  for (std::size_t actor = 0; actor < layout.actors().size(); ++actor) {
    const sm::MachineInfo& info = layout.machine(static_cast<int>(actor));
    timing_[actor].resize(info.events.size());
    for (std::size_t event = 0; event < info.events.size(); ++event) {
      if (!info.events[event].spontaneous) continue;
      if (info.events[event].duration == nullptr)
        throw std::logic_error(std::string(info.name) + "'s step " + info.events[event].name +
                               " declares no duration name");
      const Duration& d = profile_.at(info.events[event].duration);
      clock_names_.push_back(layout.actor(static_cast<int>(actor)).name + "." + info.events[event].name);
      mc::timed::StepTiming& t = timing_[actor][event];
      t.clock = static_cast<mc::timed::ClockId>(clock_names_.size());
      t.lo = d.lo;
      t.hi = d.hi == Duration::unbounded ? mc::timed::StepTiming::unbounded : d.hi;
    }
  }
}

TimedProtocolModel::~TimedProtocolModel() = default;

const mc::Model& TimedProtocolModel::discrete() const { return *discrete_; }

std::string TimedProtocolModel::clock_name(mc::timed::ClockId clock) const {
  if (clock == 0 || clock > clock_names_.size()) return "?";
  return clock_names_[clock - 1];
}

mc::timed::StepTiming TimedProtocolModel::step(const mc::Word*, mc::Action action) const {
  return timing_[static_cast<std::size_t>(ProtocolModel::actor_of(action))]
                [static_cast<std::size_t>(ProtocolModel::event_of(action))];
}

bool TimedProtocolModel::all_upgraded(const mc::StateView& view) const {
  const sm::Layout& layout = model_->layout();
  for (int site = 0; site < layout.sites(); ++site) {
    if (!sm::site_upgraded(layout, view.words, site) || sm::site_in_emergency_restart(layout, view.words, site))
      return false;
  }
  return true;
}

std::int64_t TimedProtocolModel::horizon() const {
  // Every site settles (upgrades or restarts) by the watchdog's hi after
  // its UBS starts, and HM starts UBS within hm.deliver_ubs's hi; twice
  // that leaves room, within the engine's constant limit.
  const Duration& watchdog = profile_.at("watchdog.timeout");
  const Duration& deliver = profile_.at("hm.deliver_ubs");
  std::int64_t h = 2 * (watchdog.hi == Duration::unbounded ? Duration::max_seconds / 4 : watchdog.hi);
  h += 2 * (deliver.hi == Duration::unbounded ? 0 : deliver.hi) * model_->config().sites;
  return std::clamp<std::int64_t>(h, 1, Duration::max_seconds);
}

}  // namespace smsmc::spec
