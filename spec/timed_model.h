// The protocol in timed mode: spec::ProtocolModel (with the timed rows on:
// the watchdog a real 48-hour timer) as a mc::timed::StepTimedModel. Each
// step event of each actor has its own clock, timed by the duration its
// event declares (statemachines/*.h) with the value a TimingProfile gives
// it. spec/timing.md states the semantics and derives the closed forms.
#pragma once

#include "mc/timed/step_model.h"
#include "spec/model.h"
#include "spec/timing.h"

#include <memory>
#include <string>
#include <vector>

namespace smsmc::spec {

/// The timed property added to the untimed catalogue's safety properties:
/// no site reaches Emergency Restart, i.e. every site upgrades within
/// watchdog.timeout of UBS's start (the watchdog being a real timer).
inline constexpr const char* upgrade_within_48h = "upgrade-within-48h";

class TimedProtocolModel final : public mc::timed::StepTimedModel {
 public:
  /// `config.timed` is forced on; only the unattended environment is timed.
  TimedProtocolModel(Config config, TimingProfile profile);
  ~TimedProtocolModel() override;
  TimedProtocolModel(const TimedProtocolModel&) = delete;
  TimedProtocolModel& operator=(const TimedProtocolModel&) = delete;

  [[nodiscard]] const mc::Model& discrete() const override;
  [[nodiscard]] std::size_t clock_count() const override { return clock_names_.size(); }
  [[nodiscard]] std::string clock_name(mc::timed::ClockId clock) const override;
  [[nodiscard]] mc::timed::StepTiming step(const mc::Word* state, mc::Action action) const override;

  [[nodiscard]] const ProtocolModel& protocol() const { return *model_; }
  [[nodiscard]] const TimingProfile& profile() const { return profile_; }
  /// Every site upgraded and none in Emergency Restart (the time_to goal).
  [[nodiscard]] bool all_upgraded(const mc::StateView& view) const;
  /// A horizon for time_to above any time a run of this model can take
  /// before it settles: the watchdog bounds every site.
  [[nodiscard]] std::int64_t horizon() const;

 private:
  class Discrete;
  TimingProfile profile_;
  std::unique_ptr<ProtocolModel> model_;
  std::unique_ptr<Discrete> discrete_;
  std::vector<std::string> clock_names_;                   // [clock - 1]
  std::vector<std::vector<mc::timed::StepTiming>> timing_;  // [actor][event]
};

}  // namespace smsmc::spec
