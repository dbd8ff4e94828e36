#include "statemachines/protocol.h"

#include "statemachines/despooler.h"
#include "statemachines/despooler_inbox.h"
#include "statemachines/hierarchy_manager.h"
#include "statemachines/logon_server.h"
#include "statemachines/sender_link.h"
#include "statemachines/site_config_manager.h"
#include "statemachines/site_operator.h"
#include "statemachines/upgrade_bootstrap.h"
#include "statemachines/watchdog.h"

#include <array>
#include <stdexcept>
#include <string>

namespace smsmc::sm {

namespace {
// One entry per Kind, in enum order; the one list that knows every service.
template <class Fn>
void for_each_machine(Fn&& fn) {
  fn(HierarchyManager{});
  fn(SenderLink{});
  fn(UpgradeBootstrap{});
  fn(SiteConfigManager{});
  fn(LogonServer{});
  fn(Despooler{});
  fn(DespoolerInbox{});
  fn(Watchdog{});
  fn(SiteOperator{});
}

const std::array<MachineInfo, kind_count>& tables() {
  static const std::array<MachineInfo, kind_count> all = [] {
    std::array<MachineInfo, kind_count> out;
    for_each_machine([&](auto def) {
      using Def = decltype(def);
      out[static_cast<std::size_t>(Def::kind)] = compile_table<Def>();
    });
    return out;
  }();
  return all;
}
}  // namespace

const MachineInfo& machine(Kind kind) { return tables()[static_cast<std::size_t>(kind)]; }

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
  for (const Actor& actor : layout.actors()) actor.field.set(state, machine(actor.kind).initial);
}

namespace {
unsigned state_of(const Layout& layout, const Word* state, Kind kind, int site) {
  return layout.site_field(kind, site).get(state);
}
}  // namespace

bool site_upgraded(const Layout& layout, const Word* state, int site) {
  return state_of(layout, state, Kind::upgrade_bootstrap, site) ==
         state_id<UpgradeBootstrap, upgrade_bootstrap::Upgraded>();
}

bool site_in_emergency_restart(const Layout& layout, const Word* state, int site) {
  return state_of(layout, state, Kind::watchdog, site) == state_id<Watchdog, watchdog::EmergencyRestart>();
}

bool package_lost(const Layout& layout, const Word* state, int site) {
  return state_of(layout, state, Kind::hierarchy_manager, site) ==
             state_id<HierarchyManager, hierarchy_manager::PackageSent>() &&
         state_of(layout, state, Kind::sender_link, site) == state_id<SenderLink, sender_link::Idle>() &&
         state_of(layout, state, Kind::despooler_inbox, site) == state_id<DespoolerInbox, despooler_inbox::Empty>() &&
         !site_upgraded(layout, state, site) && !site_in_emergency_restart(layout, state, site);
}

bool package_sent(const Layout& layout, const Word* state, int site) {
  return state_of(layout, state, Kind::hierarchy_manager, site) ==
         state_id<HierarchyManager, hierarchy_manager::PackageSent>();
}

bool package_in_inbox(const Layout& layout, const Word* state, int site) {
  return state_of(layout, state, Kind::despooler_inbox, site) ==
         state_id<DespoolerInbox, despooler_inbox::HoldsPackage>();
}

bool site_stuck(const Layout& layout, const Word* state, int site) {
  return package_lost(layout, state, site) &&
         state_of(layout, state, Kind::upgrade_bootstrap, site) ==
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
  return TableRunner::enabled_row(world, actor, machine(world.layout->actor(actor).kind), event);
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

void TableRunner::deliver(const Context& from, int target_actor, int event) {
  World& world = from.world();
  if (!fire(world, target_actor, event)) {
    const Context target(world, target_actor);
    target.mark_unhandled_event();
    if (world.log != nullptr) {
      const MachineInfo& info = machine(world.layout->actor(target_actor).kind);
      target.log((std::string("unhandled event ") + info.events[static_cast<std::size_t>(event)].name +
                  " in state " + info.states[target.state_of(target_actor)])
                     .c_str());
    }
  }
}

// ---- Boost.MSM back ends ---------------------------------------------------

struct MsmRunner::Machine {
  virtual ~Machine() = default;
  /// Returns true if a transition fired.
  virtual bool process(int event) = 0;
  [[nodiscard]] virtual unsigned current() const = 0;
};

namespace {
template <class Def>
struct MsmMachine final : MsmRunner::Machine {
  back_end<Def> fsm;

  MsmMachine(World& world, int self) {
    fsm.world = &world;
    fsm.self = self;
    fsm.start();
  }
  bool process(int event) override {
    int index = 0;
    boost::msm::back::HandledEnum handled = boost::msm::back::HANDLED_FALSE;
    boost::mpl::for_each<events_of<Def>, detail::wrap<boost::mpl::placeholders::_1>>([&](auto tag) {
      if (index++ == event) handled = fsm.process_event(typename decltype(tag)::held{});
    });
    return handled == boost::msm::back::HANDLED_TRUE;
  }
  [[nodiscard]] unsigned current() const override { return static_cast<unsigned>(fsm.current_state()[0]); }
};
}  // namespace

MsmRunner::MsmRunner(World& world) : world_(world) {
  for (const Actor& actor : world.layout->actors()) {
    const int id = static_cast<int>(machines_.size());
    std::unique_ptr<Machine> made;
    for_each_machine([&](auto def) {
      using Def = decltype(def);
      if (Def::kind == actor.kind) made = std::make_unique<MsmMachine<Def>>(world, id);
    });
    machines_.push_back(std::move(made));
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

void MsmRunner::deliver(const Context&, int target_actor, int event) { fire(target_actor, event); }

}  // namespace smsmc::sm
