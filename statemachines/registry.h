// The service registry: every service a model is built from, in actor order,
// each with its traits (statemachines/traits.h), its transition table
// compiled to data, and a factory for its real Boost.MSM back end. The
// layout, both runners, the fingerprint, `describe` and the diagrams all
// read the registry in use; Registry::protocol() is the protocol's
// (statemachines/services.h lists it). A test extends a copy:
//
//     sm::Registry registry = sm::Registry::protocol();
//     const int toy = registry.add<ToyService>();
#pragma once

#include "statemachines/machine.h"
#include "statemachines/traits.h"

#include <memory>
#include <string_view>
#include <typeindex>
#include <typeinfo>
#include <vector>

namespace smsmc::sm {

/// One actor's real Boost.MSM back end behind a type-erased face: MsmRunner
/// keeps one per actor.
class BackEnd {
 public:
  virtual ~BackEnd() = default;
  /// Processes event number `event` of the machine's table; true if a
  /// transition fired (false: MSM called no_transition).
  virtual bool process(int event) = 0;
  /// MSM's current_state()[0].
  [[nodiscard]] virtual unsigned current() const = 0;
};

/// The back end of service Def for `actor`, started (in its initial state).
template <class Def>
class MsmBackEnd final : public BackEnd {
 public:
  MsmBackEnd(World& world, int actor) {
    fsm_.world = &world;
    fsm_.self = actor;
    fsm_.start();
  }
  bool process(int event) override {
    int index = 0;
    boost::msm::back::HandledEnum handled = boost::msm::back::HANDLED_FALSE;
    boost::mpl::for_each<events_of<Def>, detail::wrap<boost::mpl::placeholders::_1>>([&](auto tag) {
      if (index++ == event) handled = fsm_.process_event(typename decltype(tag)::held{});
    });
    return handled == boost::msm::back::HANDLED_TRUE;
  }
  [[nodiscard]] unsigned current() const override { return static_cast<unsigned>(fsm_.current_state()[0]); }

 private:
  back_end<Def> fsm_;
};

/// A registered service.
struct Service {
  ServiceTraits traits;
  MachineInfo machine;  // compiled from Def::transition_table
  std::unique_ptr<BackEnd> (*make_back_end)(World& world, int actor);
  std::type_index type;  // Def
};

class Registry {
 public:
  /// The protocol's services, in actor order.
  static const Registry& protocol();

  /// Appends service Def (a machine_def with `static constexpr ServiceTraits
  /// traits`) and returns its id, its position. Throws std::logic_error when
  /// the name or the type is registered already, or its table outgrows the
  /// explorer's limits (16 events, 32 states).
  template <class Def>
  int add() {
    static_assert(Def::traits.name() != nullptr, "a service declares its name: ServiceTraits{}.name(...)");
    static_assert(Def::traits.summary() != nullptr, "a service declares its summary: .summary(...)");
    static_assert(Def::traits.title() != nullptr, "a service declares its diagram title: .title(...)");
    return append(Service{Def::traits, compile_table<Def>(),
                          [](World& world, int actor) -> std::unique_ptr<BackEnd> {
                            return std::make_unique<MsmBackEnd<Def>>(world, actor);
                          },
                          std::type_index(typeid(Def))});
  }

  [[nodiscard]] int size() const { return static_cast<int>(services_.size()); }
  [[nodiscard]] const Service& service(int id) const { return services_[static_cast<std::size_t>(id)]; }
  [[nodiscard]] const ServiceTraits& traits(int id) const { return service(id).traits; }
  [[nodiscard]] const MachineInfo& machine(int id) const { return service(id).machine; }
  /// -1 when no service has this name.
  [[nodiscard]] int find(std::string_view name) const;
  /// -1 when Def is not registered.
  template <class Def>
  [[nodiscard]] int find() const {
    return find(std::type_index(typeid(Def)));
  }
  [[nodiscard]] int find(std::type_index type) const;
  /// Like find<Def>(), but throws std::logic_error naming the service.
  template <class Def>
  [[nodiscard]] int require() const {
    const int id = find<Def>();
    if (id < 0) not_registered(Def::traits.name());
    return id;
  }

 private:
  // Only copies of the protocol's registry exist, so a protocol service's id
  // is always its position in ProtocolServices (service_id<Def>()).
  Registry() = default;
  int append(Service service);
  [[noreturn]] static void not_registered(const char* name);

  std::vector<Service> services_;
};

}  // namespace smsmc::sm
