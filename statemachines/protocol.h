// The composed protocol: the initial state, the site-level predicates guards
// and properties share, and the two ways to run a step (the compiled tables
// for the explorer, the Boost.MSM back ends for replay), both over the
// services of the layout's registry.
#pragma once

#include "statemachines/machine.h"
#include "statemachines/registry.h"
#include "statemachines/world.h"

#include <memory>
#include <vector>

namespace smsmc::sm {

/// The initial state of the whole system (every machine in its initial state).
void initial_state(const Layout& layout, Word* state);

// Site-level facts, read off the machines' states. Guards and properties
// share these, so "stuck" means the same thing to the watchdog and the
// checker.
bool site_upgraded(const Layout& layout, const Word* state, int site);
bool site_in_emergency_restart(const Layout& layout, const Word* state, int site);
/// HM has sent the package and it is nowhere: not on the link, not in the
/// inbox, and UBS has not installed it, while the site's upgrade is pending.
bool package_lost(const Layout& layout, const Word* state, int site);
/// UBS waits, with the site down, for a package that is nowhere.
/// HM has sent the site install package (it may since have been lost).
bool package_sent(const Layout& layout, const Word* state, int site);
/// The site install package waits in the despooler's inbox.
bool package_in_inbox(const Layout& layout, const Word* state, int site);
bool site_stuck(const Layout& layout, const Word* state, int site);
bool config_failed(const Layout& layout, const Word* state, int site);
bool unhandled_event(const Layout& layout, const Word* state);

/// Runs steps on the compiled tables: the explorer's engine.
class TableRunner final : public Dispatcher {
 public:
  /// Fires `event` on `actor` if a row is enabled; false (and no change)
  /// otherwise. Steps are only ever fired on spontaneous events.
  bool fire(World& world, int actor, int event);
  /// True when some row of the actor's table is enabled for the event.
  static bool enabled(World& world, int actor, int event);
  /// The row Boost.MSM would take for `event` in the actor's current state,
  /// or nullptr. `info` is the actor's machine (callers on the hot path keep
  /// it at hand).
  static const CompiledRow* enabled_row(World& world, int actor, const MachineInfo& info, int event);
  void deliver(const Context& from, int target_actor, int event) override;
};

/// Runs steps on real Boost.MSM back ends, one per actor, keeping the packed
/// state in sync after every process_event. Slow, and the reference: replay
/// and the cross-check tests run on it.
class MsmRunner final : public Dispatcher {
 public:
  MsmRunner(World& world);
  ~MsmRunner() override;
  MsmRunner(const MsmRunner&) = delete;
  MsmRunner& operator=(const MsmRunner&) = delete;

  /// Processes a spontaneous event through the actor's MSM back end. Returns
  /// false if no row fired (MSM's no_transition was called).
  bool fire(int actor, int event);
  /// MSM's current_state()[0] of the actor.
  [[nodiscard]] unsigned current_state(int actor) const;
  void deliver(const Context& from, int target_actor, int event) override;

 private:
  World& world_;
  std::vector<std::unique_ptr<BackEnd>> machines_;  // made by each actor's service in the registry
};

}  // namespace smsmc::sm
