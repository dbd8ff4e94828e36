// The protocol's services: the one list of them, in actor order (a site's
// actors are laid out in this order, so it is part of every trace). Adding a
// service is its header (the MSM table and its traits) plus one entry here;
// its guards and actions go in its .cpp, listed in CMakeLists.txt.
// A guard or action names another service by its type through this header:
// `ctx.state_of<UpgradeBootstrap>()`, `ctx.layout().actor_of<Despooler>(site)`.
#pragma once

#include "statemachines/despooler.h"
#include "statemachines/despooler_inbox.h"
#include "statemachines/hierarchy_manager.h"
#include "statemachines/hm_worker.h"
#include "statemachines/logon_server.h"
#include "statemachines/registry.h"
#include "statemachines/sender_link.h"
#include "statemachines/sender_slot.h"
#include "statemachines/site_config_manager.h"
#include "statemachines/site_operator.h"
#include "statemachines/upgrade_bootstrap.h"
#include "statemachines/watchdog.h"

#include <type_traits>

namespace smsmc::sm {

template <class... Defs>
struct ServiceList {};

// clang-format off
using ProtocolServices = ServiceList<
    HierarchyManager,
    SenderLink,
    UpgradeBootstrap,
    SiteConfigManager,
    LogonServer,
    Despooler,
    DespoolerInbox,
    Watchdog,
    SiteOperator,
    HmWorker,
    SenderSlot>;
// clang-format on

namespace detail {
template <class Def, class List>
struct position;
template <class Def>
struct position<Def, ServiceList<>> : std::integral_constant<int, -1> {};
template <class Def, class First, class... Rest>
struct position<Def, ServiceList<First, Rest...>>
    : std::integral_constant<int, std::is_same<Def, First>::value                        ? 0
                                  : position<Def, ServiceList<Rest...>>::value < 0 ? -1
                                                                                  : 1 + position<Def, ServiceList<Rest...>>::value> {};
}  // namespace detail

template <class Def>
inline constexpr bool is_protocol_service = detail::position<Def, ProtocolServices>::value >= 0;

/// A protocol service's id: its position in ProtocolServices, which is its
/// position in every registry (they are all copies of the protocol's).
template <class Def>
constexpr int service_id() {
  static_assert(is_protocol_service<Def>, "not a protocol service: look it up with Registry::find<Def>()");
  return detail::position<Def, ProtocolServices>::value;
}

template <class Def>
struct ServiceId {
  /// Compile-time for the protocol's services (guards run in the explorer's
  /// hot path); a registry lookup for services a test registered.
  static int in(const Layout& layout) {
    if constexpr (is_protocol_service<Def>) {
      return service_id<Def>();
    } else {
      return layout.registry().require<Def>();
    }
  }
};

}  // namespace smsmc::sm
