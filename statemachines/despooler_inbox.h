// The secondary's despooler inbox: where the link drops the site install
// package and where the despooler, or UBS once the site is down, picks it up.
// It never acts by itself; it is a machine so that a second package arriving
// in a full inbox, or a take from an empty one, is a finding like any other.
#pragma once

#include "statemachines/machine.h"

namespace smsmc::sm {
namespace despooler_inbox {

// clang-format off
struct Empty        : msmf::state<> { static constexpr const char* name = "Empty"; };
struct HoldsPackage : msmf::state<> { static constexpr const char* name = "HoldsPackage"; };

// event: a package arrives (link -> inbox)
struct put  : message_event { static constexpr const char* name = "put"; };
// event: the package is taken out (despooler or UBS -> inbox)
struct take : message_event { static constexpr const char* name = "take"; };
// clang-format on

}  // namespace despooler_inbox

struct DespoolerInbox : machine_def<DespoolerInbox> {
  static constexpr ServiceTraits traits = ServiceTraits{}
      .name("despooler_inbox")
      .summary("the secondary's despooler inbox: holds at most the one site install package")
      .title("Despooler inbox")
      .band(Band::secondary)
      .package_hop();
  using initial_state = despooler_inbox::Empty;

  // clang-format off
  using Empty = despooler_inbox::Empty;
  using HoldsPackage = despooler_inbox::HoldsPackage;
  using put = despooler_inbox::put;
  using take = despooler_inbox::take;
  using none = msmf::none;

  struct transition_table : boost::mpl::vector<
  //          Start       , Event, Next        , Action, Guard
  //        +-------------+------+-------------+-------+------+
  msmf::Row < Empty       , put  , HoldsPackage, none  , none >,
  msmf::Row < HoldsPackage, take , Empty       , none  , none >
  //        +-------------+------+-------------+-------+------+
  > {};
  // clang-format on
};

}  // namespace smsmc::sm
