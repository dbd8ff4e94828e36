// The 48-hour watchdog (secondary site).
//
// If the upgrade has not completed after 48 hours the site goes into an
// Emergency Restart, back on the old version, and never upgrades. Untimed,
// 48 hours is far longer than any upgrade that can still progress, so the
// watchdog fires only once the site is stuck (UBS waits for a package that
// is nowhere) and only when no operator is on duty to run the workaround.
// In timed mode (spec/timing.md) it is a real timer: its step is enabled
// from UBS's start until the site is upgraded, so its clock starts when HM
// starts UBS and it fires `watchdog.timeout` later unless the site upgrades
// first; UBS no longer installs after an Emergency Restart.
#pragma once

#include "statemachines/machine.h"

namespace smsmc::sm {
namespace watchdog {

// clang-format off
struct Armed            : msmf::state<> { static constexpr const char* name = "Armed"; };
struct EmergencyRestart : msmf::state<> { static constexpr const char* name = "EmergencyRestart"; };

// event: 48 hours pass without the upgrade completing (watchdog step)
struct expire_48h : step_event { static constexpr const char* name = "expire_48h";
                                static constexpr const char* duration = "watchdog.timeout"; };
// clang-format on

struct site_stuck_unattended : guard<site_stuck_unattended> {
  static constexpr const char* name = "!timed && site_stuck && !operator_on_duty";
  static bool check(const Context& ctx);
};
/// Timed mode: armed from UBS's start until the site is upgraded.
struct upgrade_pending : guard<upgrade_pending> {
  static constexpr const char* name = "timed && ubs_started && !upgraded";
  static bool check(const Context& ctx);
};
struct emergency_restart : action<emergency_restart> {
  static constexpr const char* name = "emergency_restart";
  static void run(const Context& ctx);
};

inline constexpr const char* log_emergency_restart =
    "Site upgrade did not complete within 48 hours: Emergency Restart on the old version";

}  // namespace watchdog

struct Watchdog : machine_def<Watchdog> {
  static constexpr ServiceTraits traits = ServiceTraits{}
      .name("watchdog")
      .summary("48-hour watchdog: Emergency Restart when the upgrade is stuck")
      .title("48-hour watchdog")
      .band(Band::secondary)
      .kb_lines({watchdog::log_emergency_restart});
  using initial_state = watchdog::Armed;

  // clang-format off
  using Armed = watchdog::Armed;
  using EmergencyRestart = watchdog::EmergencyRestart;
  using expire_48h = watchdog::expire_48h;
  using site_stuck_unattended = watchdog::site_stuck_unattended;
  using upgrade_pending = watchdog::upgrade_pending;
  using emergency_restart = watchdog::emergency_restart;
  using none = msmf::none;

  struct transition_table : boost::mpl::vector<
  //          Start, Event     , Next            , Action           , Guard
  //        +------+-----------+-----------------+------------------+----------------------+
  msmf::Row < Armed, expire_48h, EmergencyRestart, emergency_restart, site_stuck_unattended>,
  msmf::Row < Armed, expire_48h, EmergencyRestart, emergency_restart, upgrade_pending      >
  //        +------+-----------+-----------------+------------------+----------------------+
  > {};
  // clang-format on
};

}  // namespace smsmc::sm
