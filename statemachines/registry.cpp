#include "statemachines/services.h"

#include <stdexcept>
#include <string>

namespace smsmc::sm {

namespace {
template <class... Defs>
void add_all(Registry& registry, ServiceList<Defs...>) {
  (registry.add<Defs>(), ...);
}
}  // namespace

const Registry& Registry::protocol() {
  static const Registry registry = [] {
    Registry r;
    add_all(r, ProtocolServices{});
    return r;
  }();
  return registry;
}

int Registry::append(Service service) {
  const MachineInfo& info = service.machine;
  if (find(info.name) >= 0) throw std::logic_error(std::string("a service named ") + info.name + " is registered already");
  if (find(service.type) >= 0) throw std::logic_error(std::string("service ") + info.name + " is registered already");
  // Action codes keep 4 bits for the event, and the explorer's candidate
  // filter one bit per state: a table that outgrows either must fail loudly.
  if (info.events.size() > 16 || info.states.size() > 32)
    throw std::logic_error(std::string("machine ") + info.name + " has more than 16 events or 32 states");
  services_.push_back(std::move(service));
  return size() - 1;
}

int Registry::find(std::string_view name) const {
  for (std::size_t i = 0; i < services_.size(); ++i) {
    if (name == services_[i].machine.name) return static_cast<int>(i);
  }
  return -1;
}

int Registry::find(std::type_index type) const {
  for (std::size_t i = 0; i < services_.size(); ++i) {
    if (services_[i].type == type) return static_cast<int>(i);
  }
  return -1;
}

void Registry::not_registered(const char* name) {
  throw std::logic_error(std::string("service ") + name + " is not in this model's registry");
}

}  // namespace smsmc::sm
