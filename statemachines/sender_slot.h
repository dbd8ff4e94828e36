// The parent's Sender, when it carries at most K packages at once
// (`--sender-slots K`, spec/shared-parent.md): K slots, each Idle or
// Sending, shared by every site's link. They are a unary counter: a link
// that starts sending takes the lowest idle slot and a delivery frees the
// highest sending one, so the slots busy are always slots 1..k and their
// states say only how many packages are under way, never whose. Which
// packages those are is visible in the sites' own links (Carrying), so the
// slots name no site and the sites stay interchangeable. No slots with the
// default (unlimited), where every link carries its package on its own.
#pragma once

#include "statemachines/machine.h"

namespace smsmc::sm {
namespace sender_slot {

// clang-format off
struct Idle    : msmf::state<> { static constexpr const char* name = "Idle"; };
struct Sending : msmf::state<> { static constexpr const char* name = "Sending"; };

// event: a link starts carrying a package (link -> slot)
struct take    : message_event { static constexpr const char* name = "take"; };
// event: a link delivered its package (link -> slot)
struct release : message_event { static constexpr const char* name = "release"; };
// clang-format on

}  // namespace sender_slot

struct SenderSlot : machine_def<SenderSlot> {
  static constexpr ServiceTraits traits = ServiceTraits{}
      .name("sender_slot")
      .summary("one of the Sender's K concurrent sendings (--sender-slots K), shared by every site's link")
      .title("Sender slot")
      .band(Band::parent)
      .per_parent([](const Params& params) { return params.parent.sender_slots; })
      .site_blind();
  using initial_state = sender_slot::Idle;

  // clang-format off
  using Idle = sender_slot::Idle;
  using Sending = sender_slot::Sending;
  using take = sender_slot::take;
  using release = sender_slot::release;
  using none = msmf::none;

  struct transition_table : boost::mpl::vector<
  //          Start  , Event  , Next   , Action, Guard
  //        +--------+--------+--------+-------+------+
  msmf::Row < Idle   , take   , Sending, none  , none >,
  msmf::Row < Sending, release, Idle   , none  , none >
  //        +--------+--------+--------+-------+------+
  > {};
  // clang-format on
};

}  // namespace smsmc::sm
