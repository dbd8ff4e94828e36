// Services that are not part of the protocol, registered by the tests on a
// copy of the protocol's registry (tests/registry_test.cpp) to show that a
// service needs nothing but its table, its traits and one registry entry.
// ToyService is deliberately buggy: once poked it may take the package from
// an empty inbox, an event the inbox's table does not handle. ToyParent
// lives at the parent site, one actor per secondary site: a count that
// depends on the model's parameters.
#pragma once

#include "statemachines/services.h"

namespace smsmc::sm {
namespace toy {

// clang-format off
struct Waiting : msmf::state<> { static constexpr const char* name = "Waiting"; };
struct Poked   : msmf::state<> { static constexpr const char* name = "Poked"; };

// event: somebody pokes the toy (toy step)
struct poke            : step_event { static constexpr const char* name = "poke"; };
// event: the toy takes from the despooler inbox (toy step)
struct take_from_inbox : step_event { static constexpr const char* name = "take_from_inbox"; };
// clang-format on

inline constexpr const char* log_poked = "toy poked";

/// Names another service by its type, as a protocol guard would.
struct inbox_empty : guard<inbox_empty> {
  static constexpr const char* name = "inbox_empty";
  static bool check(const Context& ctx) {
    return ctx.state_of<DespoolerInbox>() == state_id<DespoolerInbox, despooler_inbox::Empty>();
  }
};
struct say_poked : action<say_poked> {
  static constexpr const char* name = "say_poked";
  static void run(const Context& ctx) { ctx.log(log_poked); }
};
/// Toy -> inbox: a take the empty inbox does not handle.
struct take_package : action<take_package> {
  static constexpr const char* name = "take_package";
  static void run(const Context& ctx) {
    ctx.deliver(ctx.layout().actor_of<DespoolerInbox>(ctx.site()), event_id<DespoolerInbox, despooler_inbox::take>());
  }
};

}  // namespace toy

struct ToyService : machine_def<ToyService> {
  static constexpr ServiceTraits traits = ServiceTraits{}
      .name("toy_service")
      .summary("test only: logs when poked, then takes from an empty inbox")
      .title("Toy service")
      .band(Band::secondary)
      .kb_lines({toy::log_poked});
  using initial_state = toy::Waiting;

  // clang-format off
  using Waiting = toy::Waiting;
  using Poked = toy::Poked;
  using poke = toy::poke;
  using take_from_inbox = toy::take_from_inbox;
  using inbox_empty = toy::inbox_empty;
  using say_poked = toy::say_poked;
  using take_package = toy::take_package;
  using none = msmf::none;

  struct transition_table : boost::mpl::vector<
  //          Start  , Event          , Next , Action      , Guard
  //        +--------+----------------+------+-------------+------------+
  msmf::Row < Waiting, poke           , Poked, say_poked   , none       >,
  msmf::Row < Poked  , take_from_inbox, Poked, take_package, inbox_empty>
  //        +--------+----------------+------+-------------+------------+
  > {};
  // clang-format on
};

namespace toy_parent {
// clang-format off
struct Idle    : msmf::state<> { static constexpr const char* name = "Idle"; };
struct Ticked  : msmf::state<> { static constexpr const char* name = "Ticked"; };

// event: the parent-side toy ticks (toy step)
struct tick : step_event { static constexpr const char* name = "tick"; };
// clang-format on
}  // namespace toy_parent

struct ToyParent : machine_def<ToyParent> {
  static constexpr ServiceTraits traits = ServiceTraits{}
      .name("toy_parent")
      .summary("test only: a parent-side service with one actor per secondary site")
      .title("Parent toy")
      .band(Band::parent)
      .per_parent([](const Params& params) { return params.sites; });
  using initial_state = toy_parent::Idle;

  // clang-format off
  using Idle = toy_parent::Idle;
  using Ticked = toy_parent::Ticked;
  using tick = toy_parent::tick;
  using none = msmf::none;

  struct transition_table : boost::mpl::vector<
  msmf::Row < Idle, tick, Ticked, none, none >
  > {};
  // clang-format on
};

}  // namespace smsmc::sm
