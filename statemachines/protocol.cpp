#include "statemachines/protocol.h"

#include "statemachines/services.h"

#include <stdexcept>
#include <string>

namespace smsmc::sm {

int MachineInfo::find_event(const std::string& event_name) const {
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (event_name == events[i].name) return static_cast<int>(i);
  }
  return -1;
}

int MachineInfo::find_state(const std::string& state_name) const {
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (state_name == states[i]) return static_cast<int>(i);
  }
  return -1;
}

void initial_state(const Layout& layout, Word* state) {
  for (std::size_t i = 0; i < layout.words(); ++i) state[i] = 0;
  for (std::size_t id = 0; id < layout.actors().size(); ++id)
    layout.actors()[id].field.set(state, layout.machine(static_cast<int>(id)).initial);
}

namespace {
template <class Def>
unsigned state_of(const Layout& layout, const Word* state, int site) {
  return layout.unit_field(service_id<Def>(), site).get(state);
}
}  // namespace

bool site_upgraded(const Layout& layout, const Word* state, int site) {
  return state_of<UpgradeBootstrap>(layout, state, site) ==
         state_id<UpgradeBootstrap, upgrade_bootstrap::Upgraded>();
}

bool site_in_emergency_restart(const Layout& layout, const Word* state, int site) {
  return state_of<Watchdog>(layout, state, site) == state_id<Watchdog, watchdog::EmergencyRestart>();
}

bool package_lost(const Layout& layout, const Word* state, int site) {
  return state_of<HierarchyManager>(layout, state, site) ==
             state_id<HierarchyManager, hierarchy_manager::PackageSent>() &&
         state_of<SenderLink>(layout, state, site) == state_id<SenderLink, sender_link::Idle>() &&
         state_of<DespoolerInbox>(layout, state, site) == state_id<DespoolerInbox, despooler_inbox::Empty>() &&
         !site_upgraded(layout, state, site) && !site_in_emergency_restart(layout, state, site);
}

bool package_sent(const Layout& layout, const Word* state, int site) {
  return state_of<HierarchyManager>(layout, state, site) ==
         state_id<HierarchyManager, hierarchy_manager::PackageSent>();
}

bool package_in_inbox(const Layout& layout, const Word* state, int site) {
  return state_of<DespoolerInbox>(layout, state, site) ==
         state_id<DespoolerInbox, despooler_inbox::HoldsPackage>();
}

bool site_stuck(const Layout& layout, const Word* state, int site) {
  return package_lost(layout, state, site) &&
         state_of<UpgradeBootstrap>(layout, state, site) ==
             state_id<UpgradeBootstrap, upgrade_bootstrap::SiteDown>();
}

bool config_failed(const Layout& layout, const Word* state, int site) {
  return layout.config_failed(site).get(state) != 0;
}

bool unhandled_event(const Layout& layout, const Word* state) { return layout.unhandled_event().get(state) != 0; }

// ---- compiled tables -------------------------------------------------------

// Finds the row Boost.MSM would take, or nullptr. Guards run with the actor's
// own state still the source state, as in MSM (the state switches after the
// action).
const CompiledRow* TableRunner::enabled_row(World& world, int actor, const MachineInfo& info, int event) {
  const std::vector<std::uint8_t>& cell =
      info.cell(world.layout->field(actor).get(world.state), static_cast<unsigned>(event));
  if (cell.empty()) return nullptr;
  const Context ctx(world, actor);
  for (std::uint8_t index : cell) {
    const CompiledRow& row = info.rows[index];
    if (row.guard == nullptr || row.guard(ctx)) return &row;
  }
  return nullptr;
}

namespace {
const CompiledRow* row_for(World& world, int actor, int event) {
  return TableRunner::enabled_row(world, actor, world.layout->machine(actor), event);
}
}  // namespace

bool TableRunner::enabled(World& world, int actor, int event) { return row_for(world, actor, event) != nullptr; }

bool TableRunner::fire(World& world, int actor, int event) {
  const CompiledRow* row = row_for(world, actor, event);
  if (row == nullptr) return false;
  if (row->action != nullptr) row->action(Context(world, actor));
  world.layout->field(actor).set(world.state, row->target);
  return true;
}

void report_unhandled_event(const Context& target, int event, unsigned state) {
  target.mark_unhandled_event();
  if (target.world().log == nullptr) return;  // the explorer: only the ghost bit counts
  const MachineInfo& info = target.layout().machine(target.actor());
  target.log(std::string("unhandled event ") + info.events[static_cast<std::size_t>(event)].name + " in state " +
             info.states[state]);
}

void TableRunner::deliver(const Context& from, int target_actor, int event) {
  World& world = from.world();
  if (!fire(world, target_actor, event))
    report_unhandled_event(Context(world, target_actor), event, world.layout->field(target_actor).get(world.state));
}

// ---- Boost.MSM back ends ---------------------------------------------------

MsmRunner::MsmRunner(World& world) : world_(world) {
  const Registry& registry = world.layout->registry();
  for (const Actor& actor : world.layout->actors()) {
    const int id = static_cast<int>(machines_.size());
    machines_.push_back(registry.service(actor.service).make_back_end(world, id));
    actor.field.set(world.state, machines_.back()->current());
  }
}

MsmRunner::~MsmRunner() = default;

bool MsmRunner::fire(int actor, int event) {
  const bool fired = machines_[static_cast<std::size_t>(actor)]->process(event);
  world_.layout->actor(actor).field.set(world_.state, current_state(actor));
  return fired;
}

unsigned MsmRunner::current_state(int actor) const { return machines_[static_cast<std::size_t>(actor)]->current(); }

void MsmRunner::deliver(const Context&, int target_actor, int event) {
  if (!fire(target_actor, event)) report_unhandled_event(Context(world_, target_actor), event, current_state(target_actor));
}

}  // namespace smsmc::sm
