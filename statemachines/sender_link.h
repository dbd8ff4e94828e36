// Sender link (parent -> one secondary site).
//
// Carries the site install package, a mini-job of instruction type
// MICROSOFT|SMS|MINIJOBINSTRUCTION|CONFIG, to the secondary's despooler inbox.
// Transit takes time: delivery is a step of its own, so it can fall anywhere
// in the secondary's shutdown.
//
// With `--sender-slots K` (spec/shared-parent.md) the parent's Sender carries
// at most K packages at once over all sites: an accepted package waits
// (Queued) until a sender slot is free, and which waiting package goes next
// is open: any order, never by site number. Unlimited (the default), the
// link carries its package at once, as it always did.
#pragma once

#include "statemachines/machine.h"

namespace smsmc::sm {
namespace sender_link {

// clang-format off
struct Idle     : msmf::state<> { static constexpr const char* name = "Idle"; };
struct Queued   : msmf::state<> { static constexpr const char* name = "Queued"; };
struct Carrying : msmf::state<> { static constexpr const char* name = "Carrying"; };

// event: HM hands over the site install package (HM -> link)
struct accept_package  : message_event { static constexpr const char* name = "accept_package"; };
// event: the Sender starts carrying a waiting package in a free slot (link step)
struct start_sending   : step_event    { static constexpr const char* name = "start_sending";
                                        static constexpr const char* duration = "sender.start"; };
// event: the package arrives in the secondary's despooler inbox (link step)
struct deliver_package : step_event    { static constexpr const char* name = "deliver_package";
                                        static constexpr const char* duration = "link.transit"; };
// clang-format on

/// The Sender carries any number of packages at once (the default).
struct slots_unlimited : guard<slots_unlimited> {
  static constexpr const char* name = "!sender_slots";
  static bool check(const Context& ctx);
};
/// The Sender carries at most K packages at once (--sender-slots K).
struct slots_limited : guard<slots_limited> {
  static constexpr const char* name = "sender_slots";
  static bool check(const Context& ctx);
};
/// One of the K sender slots is idle.
struct slot_free : guard<slot_free> {
  static constexpr const char* name = "sender_slot_free";
  static bool check(const Context& ctx);
};
/// Takes the lowest idle sender slot (link -> slot).
struct take_slot : action<take_slot> {
  static constexpr const char* name = "take_slot";
  static void run(const Context& ctx);
};
/// Puts the package into the despooler inbox (link -> inbox), then frees
/// the highest sending slot, if the Sender has slots (link -> slot).
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
  using Queued = sender_link::Queued;
  using Carrying = sender_link::Carrying;
  using accept_package = sender_link::accept_package;
  using deliver_package = sender_link::deliver_package;
  using start_sending = sender_link::start_sending;
  using put_in_inbox = sender_link::put_in_inbox;
  using take_slot = sender_link::take_slot;
  using slots_unlimited = sender_link::slots_unlimited;
  using slots_limited = sender_link::slots_limited;
  using slot_free = sender_link::slot_free;
  using none = msmf::none;

  struct transition_table : boost::mpl::vector<
  //          Start    , Event          , Next     , Action      , Guard
  //        +----------+----------------+----------+-------------+----------------+
  msmf::Row < Idle     , accept_package , Carrying , none        , slots_unlimited>,
  msmf::Row < Idle     , accept_package , Queued   , none        , slots_limited  >,
  msmf::Row < Queued   , start_sending  , Carrying , take_slot   , slot_free      >,
  msmf::Row < Carrying , deliver_package, Idle     , put_in_inbox, none           >
  //        +----------+----------------+----------+-------------+----------------+
  > {};
  // clang-format on
};

}  // namespace smsmc::sm
