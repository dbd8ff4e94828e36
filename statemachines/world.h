// The composed system: one parent site and N secondary sites with M logon
// servers each. Every actor is an instance of one service's Boost.MSM machine;
// the World keeps their current states packed into a few 64-bit words so the
// explorer can store millions of them, and lets guards and actions of one
// machine look at, and send events to, the other machines of its site.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace smsmc::spec {
struct Variant;
}

namespace smsmc::sm {

using Word = std::uint64_t;

/// The services of the brief, one Boost.MSM machine each. The inbox is the
/// despooler's mailbox: a machine too, so that every bit of the state is the
/// state of some machine (plus the ghost bits below).
enum class Kind : std::uint8_t {
  hierarchy_manager,
  sender_link,
  upgrade_bootstrap,
  site_config_manager,
  logon_server,
  despooler,
  despooler_inbox,
  watchdog,
  site_operator,
};
inline constexpr int kind_count = 9;

const char* kind_name(Kind kind);

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
  Kind kind;
  int site;   // 0-based secondary site this actor belongs to or works for
  int index;  // logon server number (0-based), -1 for the other actors
  Field field;
  std::string name;  // "despooler[1]", "logon_server[1.3]": shown in traces
};

/// Where every actor's state lives for a given (N, M). Actor order is part of
/// the determinism contract: actions are enumerated in this order, so traces
/// that store action indices replay only against the same layout.
class Layout {
 public:
  Layout(int sites, int logon_servers);

  [[nodiscard]] int sites() const { return sites_; }
  [[nodiscard]] int logon_servers() const { return logon_servers_; }
  [[nodiscard]] std::size_t words() const { return words_; }
  [[nodiscard]] const std::vector<Actor>& actors() const { return actors_; }
  [[nodiscard]] const Actor& actor(int id) const { return actors_[static_cast<std::size_t>(id)]; }
  /// The state field of an actor: the hot path's view of the layout, kept in
  /// a dense array apart from the actors' names.
  [[nodiscard]] Field field(int actor) const { return fields_[static_cast<std::size_t>(actor)]; }
  /// The field of the one actor of `kind` working for `site`.
  [[nodiscard]] Field site_field(Kind kind, int site) const {
    return site_fields_[static_cast<std::size_t>(site) * kind_count + static_cast<std::size_t>(kind)];
  }
  /// The one actor of `kind` working for `site` (not for logon servers).
  [[nodiscard]] int actor_of(Kind kind, int site) const {
    return by_kind_[static_cast<std::size_t>(site) * kind_count + static_cast<std::size_t>(kind)];
  }
  [[nodiscard]] int logon_server(int site, int index) const { return logon_base_[static_cast<std::size_t>(site)] + index; }
  /// A site's logon-server fields that sit next to each other in one word:
  /// `count` fields of `bits` each from `shift`, the first being logon
  /// server `first_index`. Lets "the first logon server in state s" be a bit
  /// scan instead of a loop over M actors.
  struct LogonRun {
    std::uint16_t word;
    std::uint8_t shift;
    std::uint8_t count;
    int first_index;
  };
  [[nodiscard]] const std::vector<LogonRun>& logon_runs(int site) const {
    return logon_runs_[static_cast<std::size_t>(site)];
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

  int sites_;
  int logon_servers_;
  std::size_t words_ = 0;
  unsigned used_in_last_word_ = 64;
  std::vector<Actor> actors_;
  std::vector<int> by_kind_;
  std::vector<Field> fields_;
  std::vector<Field> site_fields_;
  std::vector<int> logon_base_;
  std::vector<std::vector<LogonRun>> logon_runs_;
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
  const spec::Variant* variant = nullptr;
  Word* state = nullptr;
  Dispatcher* dispatcher = nullptr;
  std::vector<LogLine>* log = nullptr;  // null in the explorer's hot path
  /// Environment switch: the operator is on duty (the workaround check).
  bool operator_on_duty = false;
};

/// The view a guard or action of one actor has of the world.
class Context {
 public:
  Context(World& world, int actor) : world_(&world), actor_(actor) {}

  [[nodiscard]] int actor() const { return actor_; }
  [[nodiscard]] int site() const { return world_->layout->actor(actor_).site; }
  [[nodiscard]] const spec::Variant& variant() const { return *world_->variant; }
  [[nodiscard]] const Layout& layout() const { return *world_->layout; }
  [[nodiscard]] bool operator_on_duty() const { return world_->operator_on_duty; }

  /// Current MSM state id of an actor.
  [[nodiscard]] unsigned state_of(int actor) const { return world_->layout->field(actor).get(world_->state); }
  [[nodiscard]] unsigned state_of(Kind kind) const { return world_->layout->site_field(kind, site()).get(world_->state); }
  void set_state(int actor, unsigned state) const { world_->layout->field(actor).set(world_->state, state); }

  /// The lowest-numbered logon server of this site in `state`, or -1.
  [[nodiscard]] int first_logon_server_in(unsigned state) const;

  void deliver(int target_actor, int event) const { world_->dispatcher->deliver(*this, target_actor, event); }

  void log(const char* text) const {
    if (world_->log != nullptr) world_->log->push_back({actor_, text});
  }
  void mark_config_failed() const { world_->layout->config_failed(site()).set(world_->state, 1); }
  void mark_unhandled_event() const { world_->layout->unhandled_event().set(world_->state, 1); }
  [[nodiscard]] World& world() const { return *world_; }

 private:
  World* world_;
  int actor_;
};

}  // namespace smsmc::sm
