// The composed system: one parent site and N secondary sites with M logon
// servers each. Every actor is an instance of one service's Boost.MSM machine;
// the World keeps their current states packed into a few 64-bit words so the
// explorer can store millions of them, and lets guards and actions of one
// machine look at, and send events to, the other machines of its site.
#pragma once

#include "statemachines/traits.h"

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smsmc::sm {

using Word = std::uint64_t;

class Registry;
struct MachineInfo;

/// How guards and actions name another service by its type: its id (the
/// service's position in the registry) in the layout's registry.
/// statemachines/services.h defines it; a machine's .cpp includes that.
template <class Def>
struct ServiceId;

/// A bit field inside the packed state. Fields never straddle a word.
struct Field {
  std::uint16_t word = 0;
  std::uint8_t shift = 0;
  std::uint8_t bits = 0;

  [[nodiscard]] unsigned get(const Word* state) const {
    return static_cast<unsigned>((state[word] >> shift) & ((Word{1} << bits) - 1));
  }
  void set(Word* state, unsigned value) const {
    const Word mask = ((Word{1} << bits) - 1) << shift;
    state[word] = (state[word] & ~mask) | ((static_cast<Word>(value) << shift) & mask);
  }
};

struct Actor {
  int service;  // its service's id: the position in the registry
  int site;     // 0-based secondary site it belongs to or works for; -1: the parent's own
  int index;    // instance number (0-based) of an indexed service, -1 for the other actors
  Field field;
  std::string name;  // "despooler[1]", "logon_server[1.3]": shown in traces
};

/// Where every actor's state lives for given parameters. Actors are laid out
/// per scope unit (the parent's services first, then each site's), in
/// registry order within a unit, every instance of an indexed service in a
/// row. Actor order is part of the determinism contract: actions are
/// enumerated in this order, so traces that store action indices replay
/// only against the same layout.
class Layout {
 public:
  /// Throws std::invalid_argument for N < 1 or M < 0.
  Layout(const Registry& registry, const Params& params);

  [[nodiscard]] const Registry& registry() const { return *registry_; }
  [[nodiscard]] const Params& params() const { return params_; }
  [[nodiscard]] int sites() const { return params_.sites; }
  [[nodiscard]] int logon_servers() const { return params_.logon_servers; }
  [[nodiscard]] std::size_t words() const { return words_; }
  [[nodiscard]] const std::vector<Actor>& actors() const { return actors_; }
  [[nodiscard]] const Actor& actor(int id) const { return actors_[static_cast<std::size_t>(id)]; }
  /// The compiled transition table of an actor's service.
  [[nodiscard]] const MachineInfo& machine(int actor) const;
  /// The state field of an actor: the hot path's view of the layout, kept in
  /// a dense array apart from the actors' names.
  [[nodiscard]] Field field(int actor) const { return fields_[static_cast<std::size_t>(actor)]; }

  /// The actors of `service` in one scope unit (`site`, or -1 for the
  /// parent): `count` consecutive ids from `first`. `runs` are the ones whose
  /// fields sit next to each other in one word, `count` fields of `bits`
  /// each from `shift`, the first being instance `first_index`: they let
  /// "the first instance in state s" be a bit scan instead of a loop.
  struct Run {
    std::uint16_t word;
    std::uint8_t shift;
    std::uint8_t count;
    int first_index;
  };
  struct Group {
    int first = -1;
    int count = 0;
    std::vector<Run> runs;
  };
  [[nodiscard]] const Group& group(int service, int site) const {
    return groups_[static_cast<std::size_t>(site + 1) * services_ + static_cast<std::size_t>(service)];
  }
  /// Instance `index` of an indexed service at `site`.
  [[nodiscard]] int instance(int service, int site, int index) const { return group(service, site).first + index; }
  /// The one actor of a service that is not indexed, in `site` (-1: the
  /// parent); -1 if it has none there.
  [[nodiscard]] int actor_of(int service, int site) const { return group(service, site).first; }
  template <class Def>
  [[nodiscard]] int actor_of(int site) const {
    return actor_of(ServiceId<Def>::in(*this), site);
  }
  /// The field of that actor (hot path: guards read it).
  [[nodiscard]] Field unit_field(int service, int site) const {
    return unit_fields_[static_cast<std::size_t>(site + 1) * services_ + static_cast<std::size_t>(service)];
  }
  /// -1 when no actor has this name.
  [[nodiscard]] int find_actor(const std::string& name) const;

  /// Ghost (history) bit per site: the despooler executed the site install
  /// package of an upgrade in progress. Only the despooler's action sets it.
  [[nodiscard]] Field config_failed(int site) const { return ghost_config_failed_[static_cast<std::size_t>(site)]; }
  /// Ghost bit: some machine received an event its table does not handle.
  [[nodiscard]] Field unhandled_event() const { return ghost_unhandled_; }

 private:
  Field allocate(unsigned bits);
  void add_unit(int site);

  const Registry* registry_;
  Params params_;
  std::size_t services_ = 0;
  std::size_t words_ = 0;
  unsigned used_in_last_word_ = 64;
  std::vector<Actor> actors_;
  std::vector<Field> fields_;
  std::vector<Group> groups_;       // [(site + 1) * services + service]
  std::vector<Field> unit_fields_;  // the same index: the field of a group's first actor
  std::vector<Field> ghost_config_failed_;
  Field ghost_unhandled_;
};

class Context;

/// Delivers an event to an actor's machine: either the compiled copy of the
/// MSM transition tables (the explorer) or real Boost.MSM back ends (replay,
/// cross-checks). Both sit behind this one seam so guards and actions are
/// written once.
class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  virtual void deliver(const Context& from, int target_actor, int event) = 0;
};

/// A log line a step writes, attributed to the actor that wrote it.
struct LogLine {
  int actor;
  std::string text;
};

/// Everything one step can see and touch.
struct World {
  const Layout* layout = nullptr;
  Word* state = nullptr;
  Dispatcher* dispatcher = nullptr;
  std::vector<LogLine>* log = nullptr;  // null in the explorer's hot path
};

/// The view a guard or action of one actor has of the world.
class Context {
 public:
  Context(World& world, int actor) : world_(&world), actor_(actor) {}

  [[nodiscard]] int actor() const { return actor_; }
  [[nodiscard]] int site() const { return world_->layout->actor(actor_).site; }
  /// The protocol variant's switches.
  [[nodiscard]] const Switches& switches() const { return world_->layout->params().switches; }
  [[nodiscard]] const Layout& layout() const { return *world_->layout; }
  [[nodiscard]] bool operator_on_duty() const { return world_->layout->params().operator_on_duty; }
  [[nodiscard]] bool timed() const { return world_->layout->params().timed; }

  /// Current MSM state id of an actor.
  [[nodiscard]] unsigned state_of(int actor) const { return world_->layout->field(actor).get(world_->state); }
  /// Current MSM state id of this site's (or the parent's) one actor of
  /// service Def, e.g. `ctx.state_of<UpgradeBootstrap>()`.
  template <class Def>
  [[nodiscard]] unsigned state_of() const {
    const int unit = Def::traits.scope() == Scope::parent ? -1 : site();
    assert(unit >= 0 || Def::traits.scope() == Scope::parent);  // a parent actor has no site of its own
    return world_->layout->unit_field(ServiceId<Def>::in(*world_->layout), unit).get(world_->state);
  }
  void set_state(int actor, unsigned state) const { world_->layout->field(actor).set(world_->state, state); }

  /// The lowest-numbered actor of indexed service Def in `state` (e.g. the
  /// first running logon server), or -1: this site's, or the parent's for a
  /// parent-side service (e.g. the first idle sender slot).
  template <class Def>
  [[nodiscard]] int first_in(unsigned state) const {
    return first_in(ServiceId<Def>::in(*world_->layout), Def::traits.scope() == Scope::parent ? -1 : site(), state);
  }
  /// The same in a given scope unit (`unit`: a site, or -1 for the parent).
  [[nodiscard]] int first_in(int service, int unit, unsigned state) const;

  void deliver(int target_actor, int event) const { world_->dispatcher->deliver(*this, target_actor, event); }

  /// A line in this actor's log; free when nobody collects the log (the
  /// explorer's hot path).
  void log(std::string_view text) const {
    if (world_->log != nullptr) world_->log->push_back({actor_, std::string(text)});
  }
  void mark_config_failed() const { world_->layout->config_failed(site()).set(world_->state, 1); }
  void mark_unhandled_event() const { world_->layout->unhandled_event().set(world_->state, 1); }
  [[nodiscard]] World& world() const { return *world_; }

 private:
  World* world_;
  int actor_;
};

}  // namespace smsmc::sm
