// The operator at the parent site, who may run the KB's workaround
// `PREINST /UPGRADE:<SecondarySiteCode>` for a stuck secondary: it makes HM
// send the site install package again. The operator is on duty only when the
// workaround is being checked (workaround-recovers); the protocol's own
// properties are checked without anybody stepping in.
#pragma once

#include "statemachines/machine.h"

namespace smsmc::sm {
namespace site_operator {

// clang-format off
struct OnDuty : msmf::state<> { static constexpr const char* name = "OnDuty"; };

// event: the operator runs PREINST /UPGRADE:<code> at the parent (operator step)
struct run_preinst_upgrade : step_event { static constexpr const char* name = "run_preinst_upgrade";
                                         static constexpr const char* duration = "operator.preinst"; };
// clang-format on

struct site_stuck_and_on_duty : guard<site_stuck_and_on_duty> {
  static constexpr const char* name = "site_stuck && operator_on_duty";
  static bool check(const Context& ctx);
};
/// PREINST asks HM to send the package again (operator -> HM).
struct force_upgrade : action<force_upgrade> {
  static constexpr const char* name = "force_upgrade";
  static void run(const Context& ctx);
};

inline constexpr const char* log_preinst = "PREINST /UPGRADE:<SecondarySiteCode>";

}  // namespace site_operator

struct SiteOperator : machine_def<SiteOperator> {
  static constexpr ServiceTraits traits = ServiceTraits{}
      .name("site_operator")
      .summary("operator: may run PREINST /UPGRADE for a stuck secondary")
      .title("Operator")
      .band(Band::parent)
      .drawn_when([](const Params& params) { return params.operator_on_duty; });
  using initial_state = site_operator::OnDuty;

  // clang-format off
  using OnDuty = site_operator::OnDuty;
  using run_preinst_upgrade = site_operator::run_preinst_upgrade;
  using site_stuck_and_on_duty = site_operator::site_stuck_and_on_duty;
  using force_upgrade = site_operator::force_upgrade;
  using none = msmf::none;

  struct transition_table : boost::mpl::vector<
  //          Start , Event              , Next  , Action       , Guard
  //        +-------+--------------------+-------+--------------+-----------------------+
  msmf::Row < OnDuty, run_preinst_upgrade, OnDuty, force_upgrade, site_stuck_and_on_duty>
  //        +-------+--------------------+-------+--------------+-----------------------+
  > {};
  // clang-format on
};

}  // namespace smsmc::sm
