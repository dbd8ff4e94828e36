// Sender link (parent -> one secondary site).
//
// Carries the site install package, a mini-job of instruction type
// MICROSOFT|SMS|MINIJOBINSTRUCTION|CONFIG, to the secondary's despooler inbox.
// Transit takes time: delivery is a step of its own, so it can fall anywhere
// in the secondary's shutdown.
#pragma once

#include "statemachines/machine.h"

namespace smsmc::sm {
namespace sender_link {

// clang-format off
struct Idle     : msmf::state<> { static constexpr const char* name = "Idle"; };
struct Carrying : msmf::state<> { static constexpr const char* name = "Carrying"; };

// event: HM hands over the site install package (HM -> link)
struct accept_package  : message_event { static constexpr const char* name = "accept_package"; };
// event: the package arrives in the secondary's despooler inbox (link step)
struct deliver_package : step_event    { static constexpr const char* name = "deliver_package";
                                        static constexpr const char* duration = "link.transit"; };
// clang-format on

/// Puts the package into the despooler inbox (link -> inbox).
struct put_in_inbox : action<put_in_inbox> {
  static constexpr const char* name = "put_in_inbox";
  static void run(const Context& ctx);
};

}  // namespace sender_link

struct SenderLink : machine_def<SenderLink> {
  static constexpr ServiceTraits traits = ServiceTraits{}
      .name("sender_link")
      .summary("parent -> secondary link: carries the site install package to the despooler inbox")
      .title("Sender link")
      .band(Band::link)
      .package_hop();
  using initial_state = sender_link::Idle;

  // clang-format off
  using Idle = sender_link::Idle;
  using Carrying = sender_link::Carrying;
  using accept_package = sender_link::accept_package;
  using deliver_package = sender_link::deliver_package;
  using put_in_inbox = sender_link::put_in_inbox;
  using none = msmf::none;

  struct transition_table : boost::mpl::vector<
  //          Start    , Event          , Next     , Action      , Guard
  //        +----------+----------------+----------+-------------+------+
  msmf::Row < Idle     , accept_package , Carrying , none        , none >,
  msmf::Row < Carrying , deliver_package, Idle     , put_in_inbox, none >
  //        +----------+----------------+----------+-------------+------+
  > {};
  // clang-format on
};

}  // namespace smsmc::sm
