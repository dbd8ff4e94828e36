// The composed protocol as a model the checker explores: one parent site and
// N secondary sites with M logon servers each, every actor an instance of its
// service's Boost.MSM machine. An action is one spontaneous event of one
// actor (an MSM step_event) whose row is enabled; everything that event sends
// to other machines happens inside the same step, synchronously, through the
// compiled transition tables.
#pragma once

#include "mc/model.h"
#include "spec/enabled_memo.h"
#include "spec/site_symmetry.h"
#include "spec/variants.h"
#include "statemachines/machine.h"
#include "statemachines/registry.h"
#include "statemachines/world.h"

#include <optional>
#include <string>
#include <vector>

namespace smsmc::spec {

/// The environment the protocol runs in. The KB's workaround needs an
/// operator who notices a stuck site; without one the 48-hour watchdog fires.
enum class Environment { unattended, operator_on_duty };
const char* environment_name(Environment environment);

struct Config {
  const Variant* variant = nullptr;
  int sites = 1;          // N secondary sites
  int logon_servers = 1;  // M logon servers per site
  Environment environment = Environment::unattended;
  /// The services the model is built from; null: the protocol's
  /// (sm::Registry::protocol()). Tests extend a copy with a toy service; it
  /// must outlive every model built from this config.
  const sm::Registry* registry = nullptr;
  /// Timed mode's rows (the watchdog as a real timer; spec/timing.md). Set
  /// by spec::TimedProtocolModel's users; the untimed checker leaves it off.
  bool timed = false;
  /// What the sites share at the parent (spec/shared-parent.md); the
  /// default shares nothing.
  sm::SharedParent parent{};
};

/// The largest N and M the model takes: action codes and the actor table use
/// 32-bit ids, far beyond anything an exhaustive search or a schedule can
/// cover anyway. Readers of files (traces, expectations) check against these
/// and blame the file; validate() blames the flags.
inline constexpr int max_sites = 64;
inline constexpr int max_logon_servers = 1024;

/// Throws std::invalid_argument with a message for the user when the
/// configuration cannot be modelled (N < 1, M < 0, too many actors).
void validate(const Config& config);

class ProtocolModel final : public mc::Model {
 public:
  explicit ProtocolModel(const Config& config);

  [[nodiscard]] const Config& config() const { return config_; }
  [[nodiscard]] const sm::Layout& layout() const { return layout_; }

  [[nodiscard]] std::size_t state_words() const override { return layout_.words(); }
  void init_states(std::vector<mc::Word>& out) const override;
  void actions(const mc::Word* state, std::vector<mc::Action>& out) const override;
  /// actions() without the per-site memo (spec/enabled_memo.h): every guard
  /// run; the reference the memo is tested against.
  void actions_direct(const mc::Word* state, std::vector<mc::Action>& out) const;
  void next_state(const mc::Word* state, mc::Action action, mc::Word* out) const override;
  [[nodiscard]] std::vector<mc::Property> properties() const override;
  [[nodiscard]] int process_of(mc::Action action) const override { return actor_of(action); }
  [[nodiscard]] int process_count() const override { return static_cast<int>(layout_.actors().size()); }
  [[nodiscard]] std::string format_action(mc::Action action) const override;
  /// The sites are interchangeable (spec/site_symmetry.h): canonicalize()
  /// sorts their blocks; false when the layout rules that out.
  bool canonicalize(const mc::Word* state, mc::Word* out) const override;
  void orbit(const mc::Word* state, std::vector<mc::Word>& out) const override { symmetry_.orbit(state, out); }
  /// A block per site (its actors' fields and its ghost bit), one dictionary
  /// kind for all when the sites have the same shape: a site takes a few
  /// dozen distinct values where its bits allow millions. The parent's
  /// fields and ghosts are left to the compact set's per-word rest.
  [[nodiscard]] std::vector<mc::StateBlock> state_blocks() const override;
  [[nodiscard]] bool symmetric() const { return symmetry_.applies(); }

  /// Action codes: actor * 16 + the event's index in its machine's table.
  static mc::Action encode(int actor, int event) { return static_cast<mc::Action>(actor * 16 + event); }
  static int actor_of(mc::Action action) { return static_cast<int>(action / 16); }
  static int event_of(mc::Action action) { return static_cast<int>(action % 16); }
  /// -1 when `actor` has no spontaneous event of that name.
  [[nodiscard]] int find_event(int actor, const std::string& event) const;

  /// The world a step of this model runs in: its layout (which carries the
  /// parameters and switches), `state`, who delivers messages, and where log
  /// lines go (null: nowhere). The one place a World is built.
  [[nodiscard]] sm::World world(mc::Word* state, sm::Dispatcher* dispatcher = nullptr,
                                std::vector<sm::LogLine>* log = nullptr) const;

  /// next_state that also collects the log lines the step writes.
  void step(const mc::Word* state, mc::Action action, mc::Word* out, std::vector<sm::LogLine>& log) const;

 private:
  struct Candidate {
    int actor;
    int event;
    const sm::MachineInfo* machine;
    sm::Field field;
    /// Bit s set when the machine has a row for this event in state s: the
    /// explorer rules out most candidates with this one test, before any
    /// guard or table lookup.
    std::uint32_t states_with_rows;
  };
  static bool enabled(sm::World& world, const Candidate& candidate);

  Config config_;
  sm::Layout layout_;
  std::vector<Candidate> candidates_;  // every (actor, spontaneous event), in actor order
  std::optional<EnabledMemo> memo_;    // set once candidates_ is
  SiteSymmetry symmetry_;
};

}  // namespace smsmc::spec
