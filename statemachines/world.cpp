#include "statemachines/world.h"

#include "statemachines/registry.h"

#include <stdexcept>

namespace smsmc::sm {

Layout::Layout(const Registry& registry, const Params& params)
    : registry_(&registry), params_(params), services_(static_cast<std::size_t>(registry.size())) {
  if (params.sites < 1) throw std::invalid_argument("a hierarchy needs at least one secondary site");
  if (params.logon_servers < 0) throw std::invalid_argument("the number of logon servers cannot be negative");
  groups_.resize(static_cast<std::size_t>(params.sites + 1) * services_);
  add_unit(-1);
  for (int site = 0; site < params.sites; ++site) {
    add_unit(site);
    ghost_config_failed_.push_back(allocate(1));
  }
  for (const Actor& actor : actors_) fields_.push_back(actor.field);
  unit_fields_.resize(groups_.size());
  for (std::size_t i = 0; i < groups_.size(); ++i) {
    if (groups_[i].count > 0) unit_fields_[i] = actors_[static_cast<std::size_t>(groups_[i].first)].field;
  }
  ghost_unhandled_ = allocate(1);
}

// The actors of one scope unit (the parent when site is -1), in registry order.
void Layout::add_unit(int site) {
  const Scope scope = site < 0 ? Scope::parent : Scope::site;
  for (int service = 0; service < registry_->size(); ++service) {
    const ServiceTraits& traits = registry_->traits(service);
    if (traits.scope() != scope) continue;
    const int count = traits.count(params_);
    if (count < 0) throw std::invalid_argument(std::string("service ") + traits.name() + " has a negative count");
    // A service without an index has one actor, or none when its count
    // says so (ServiceTraits::optional_at_parent).
    if (!traits.indexed() && count > 1)
      throw std::logic_error(std::string("service ") + traits.name() + " is not indexed but has " +
                             std::to_string(count) + " instances");
    Group& group = groups_[static_cast<std::size_t>(site + 1) * services_ + static_cast<std::size_t>(service)];
    group.first = count > 0 ? static_cast<int>(actors_.size()) : -1;  // -1: actor_of's "none here"
    group.count = count;
    const unsigned bits = registry_->machine(service).state_bits;
    for (int index = 0; index < count; ++index) {
      std::string name = traits.name();
      const std::string unit = site < 0 ? "" : std::to_string(site + 1);
      if (traits.indexed()) {
        name += "[" + unit + (unit.empty() ? "" : ".") + std::to_string(index + 1) + "]";
      } else if (!unit.empty()) {
        name += "[" + unit + "]";
      }
      const Field field = allocate(bits);
      actors_.push_back({service, site, traits.indexed() ? index : -1, field, std::move(name)});
      std::vector<Run>& runs = group.runs;
      if (!runs.empty() && runs.back().word == field.word &&
          runs.back().shift + runs.back().count * field.bits == field.shift) {
        ++runs.back().count;
      } else {
        runs.push_back({field.word, field.shift, 1, index});
      }
    }
  }
}

Field Layout::allocate(unsigned bits) {
  // A one-state machine (the site operator) needs no bits. Placed after a
  // full word its shift would be 64, and Field::set would shift a word by its
  // width, which is undefined: give it bit 0 of the current word instead.
  if (bits == 0 && words_ > 0) return Field{static_cast<std::uint16_t>(words_ - 1), 0, 0};
  if (used_in_last_word_ + bits > 64) {
    ++words_;
    used_in_last_word_ = 0;
  }
  Field field{static_cast<std::uint16_t>(words_ - 1), static_cast<std::uint8_t>(used_in_last_word_),
              static_cast<std::uint8_t>(bits)};
  used_in_last_word_ += bits;
  return field;
}

const MachineInfo& Layout::machine(int actor) const { return registry_->machine(this->actor(actor).service); }

int Layout::find_actor(const std::string& name) const {
  for (std::size_t i = 0; i < actors_.size(); ++i) {
    if (actors_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int Context::first_in(int service, int unit, unsigned state) const {
  const Layout::Group& group = layout().group(service, unit);
  if (group.count == 0) return -1;
  if (layout().field(group.first).bits == 1) {
    // One bit per instance: find the lowest bit equal to `state` in each run.
    for (const Layout::Run& run : group.runs) {
      const Word mask = run.count == 64 ? ~Word{0} : ((Word{1} << run.count) - 1);
      Word bits = (world_->state[run.word] >> run.shift) & mask;
      if (state == 0) bits = ~bits & mask;
      if (bits != 0) return group.first + run.first_index + __builtin_ctzll(bits);
    }
    return -1;
  }
  for (int index = 0; index < group.count; ++index) {
    if (state_of(group.first + index) == state) return group.first + index;
  }
  return -1;
}

}  // namespace smsmc::sm
