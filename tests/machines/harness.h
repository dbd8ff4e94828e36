// The machine tests: one file per service (tests/machines/<service>_test.cpp)
// lists cases, each a world and one event fired at one actor, and what must
// follow. A case runs at every secondary site of a two-site model, through
// both runners (the compiled tables and the real Boost.MSM back ends), and
// checks the row taken (or that none is), every state afterwards, the
// messages sent, the ghost bits and the log lines. The completeness test (completeness_test.cpp)
// replays every case and fails on any row of any service's table that no case
// takes, any guarded row whose guard no case makes false, and any value of a
// switch a guard reads that no case runs the row under.
//
// A case, read top to bottom:
//
//     Case("executes the package and fails with c0000001")
//         .under(Switches{}.deferral(ConfigDeferral::never))
//         .given(paths::ubs_started() + paths::package_sent() + paths::package_delivered())
//         .takes(row<Despooler, Despooler::Running, Despooler::execute_instruction,
//                    Despooler::Running, Despooler::config_job_to_execute>())
//         .then({is<DespoolerInbox, DespoolerInbox::Empty>()})
//         .sends({sent<Despooler, DespoolerInbox, DespoolerInbox::take>()})
//         .logs({said<Despooler>(despooler::log_executing), ...})
//         .sets_config_failed()
//
// The world is built by firing steps (and messages, as if sent) from the
// initial state through the runner under test, so the Boost.MSM back ends
// hold the same states as the packed words; tests/machines/paths.h names
// the protocol's usual prefixes.
//
// To test a new row: add a case taking it (and, if guarded, one where its
// guard is false, under each value of every switch the guard reads) to the
// service's file. To test a new service: add tests/machines/<service>_test.cpp
// ending in SMSMC_MACHINE_CASES(<Service>, cases) and list it in
// tests/CMakeLists.txt. A new protocol switch or environment: add it to
// dimensions() in harness.cpp.
#pragma once

#include "statemachines/protocol.h"
#include "statemachines/services.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace smsmc::sm::machines {

/// An actor named by its service and instance, at the site a case runs at
/// (the parent's actor for a parent-side service).
struct ActorRef {
  int service = -1;
  int index = 0;  // instance of an indexed service (a logon server); 0 otherwise
};
template <class Def>
ActorRef actor(int index = 0) {
  return {service_id<Def>(), index};
}

/// One event fired at an actor while building a case's world: a step, or a
/// message delivered as if another machine had sent it. It must fire.
struct Step {
  ActorRef actor;
  int event = -1;
};
template <class Def, class Event>
Step step(int index = 0) {
  return {actor<Def>(index), event_id<Def, Event>()};
}
/// Steps in order.
std::vector<Step> operator+(std::vector<Step> first, const std::vector<Step>& then);

/// An actor's state after the fired event.
struct StateIs {
  ActorRef actor;
  unsigned state = 0;
};
template <class Def, class State>
StateIs is(int index = 0) {
  return {actor<Def>(index), state_id<Def, State>()};
}

/// A log line the fired event writes, attributed to an actor.
struct LineIs {
  ActorRef actor;
  std::string text;
};
template <class Def>
LineIs said(std::string text, int index = 0) {
  return {actor<Def>(index), std::move(text)};
}

/// A message a step sends to another machine (or its own), in order.
struct Sent {
  ActorRef from;
  ActorRef to;
  int event = -1;
};
template <class From, class To, class Event>
Sent sent(int from_index = 0, int to_index = 0) {
  return {actor<From>(from_index), actor<To>(to_index), event_id<To, Event>()};
}

/// A row of Def's transition table, named by its types; matched against the
/// compiled table by (source, event, target, guard).
struct RowKey {
  int service = -1;
  unsigned source = 0;
  int event = -1;
  unsigned target = 0;
  GuardFn guard = nullptr;
};
template <class Def, class Source, class Event, class Target, class Guard = msmf::none>
RowKey row() {
  return {service_id<Def>(), state_id<Def, Source>(), event_id<Def, Event>(), state_id<Def, Target>(),
          detail::guard_of<Guard>::fn};
}
/// The row's index in its machine's compiled table, or -1.
int find_row(const RowKey& key);
/// "UbsStarted --send_package--> PackageSent [!handshake] / hand_package_to_link".
std::string describe_row(int service, int row);

/// What a case fires and what must follow. Everything not named here must
/// not change.
class Case {
 public:
  explicit Case(std::string name) : name_(std::move(name)) {}

  /// The protocol switches (default: SMS 1.2 as shipped).
  Case under(Switches switches) const;
  /// The workaround's environment: the operator is on duty.
  Case operator_on_duty(bool on = true) const;
  /// Timed mode's rows (the watchdog as a real timer).
  Case timed(bool on = true) const;
  /// M, logon servers per site (default 1).
  Case logon_servers(int count) const;
  /// What the sites share at the parent (default: nothing). Not a
  /// dimension: it changes the layout, so a guard cannot be probed under
  /// another value with the same state words; each row it selects has its
  /// own cases instead.
  Case parent(SharedParent shared) const;
  /// Steps that build the world, appended to those given before.
  Case given(const std::vector<Step>& steps) const;
  /// The event fired (a step) or delivered (a message) at the actor.
  template <class Def, class Event>
  Case fire(int index = 0) const {
    return fire(step<Def, Event>(index));
  }
  Case fire(Step step) const;
  /// The row that must fire. Sets the fired event to the row's, at instance
  /// `index` of its service, unless fire() named it.
  Case takes(const RowKey& row, int index = 0) const;
  /// No row fires for the step: nothing changes.
  Case takes_nothing() const;
  /// No row fires for the message: the target logs "unhandled event <e> in
  /// state <S>" and the unhandled-event ghost bit is set.
  Case unhandled() const;
  /// A row of the fired cell whose guard must be false in this world.
  Case refuses(const RowKey& row) const;
  /// States of other actors the step changes (the fired actor's comes from
  /// the row).
  Case then(const std::vector<StateIs>& states) const;
  /// The messages the step sends, in delivery order (default: none).
  Case sends(const std::vector<Sent>& messages) const;
  /// The log lines the step writes, in order (default: none).
  Case logs(const std::vector<LineIs>& lines) const;
  /// The step sets the site's config_failed ghost bit.
  Case sets_config_failed() const;
  /// A message the step sends is unhandled (the ghost bit; its line in logs()).
  Case sets_unhandled_event() const;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] Params params() const;
  [[nodiscard]] const std::vector<Step>& setup() const { return given_; }
  [[nodiscard]] const Step& fired() const { return fired_; }
  [[nodiscard]] bool expects_row() const { return taken_.service >= 0; }
  [[nodiscard]] const RowKey& taken() const { return taken_; }
  [[nodiscard]] bool expects_unhandled() const { return unhandled_; }
  [[nodiscard]] const std::vector<RowKey>& refused() const { return refused_; }
  [[nodiscard]] const std::vector<StateIs>& changes() const { return changes_; }
  [[nodiscard]] const std::vector<Sent>& messages() const { return messages_; }
  [[nodiscard]] const std::vector<LineIs>& lines() const { return lines_; }
  [[nodiscard]] bool expects_config_failed() const { return config_failed_; }
  [[nodiscard]] bool expects_unhandled_ghost() const { return unhandled_ || nested_unhandled_; }
  /// Empty when the case is complete; else what it lacks.
  [[nodiscard]] std::string incomplete() const;

 private:
  std::string name_;
  Switches switches_;
  bool on_duty_ = false;
  bool timed_ = false;
  int logon_servers_ = 1;
  SharedParent parent_;
  std::vector<Step> given_;
  Step fired_;
  bool outcome_set_ = false;
  RowKey taken_;
  bool unhandled_ = false;
  std::vector<RowKey> refused_;
  std::vector<StateIs> changes_;
  std::vector<Sent> messages_;
  std::vector<LineIs> lines_;
  bool config_failed_ = false;
  bool nested_unhandled_ = false;
};

/// Secondary sites in every case's model: each case runs at each of them,
/// so a step that touched another site's machines would show.
inline constexpr int sites_per_case = 2;

/// A switch or environment a guard may read, with every value it takes.
struct Dimension {
  const char* name;
  std::vector<const char*> values;
  int (*get)(const Params&);
  void (*set)(Params&, int value);
};
/// handshake, deferral, shutdown_order, environment.
const std::vector<Dimension>& dimensions();

/// What a case's world shows about the rows of the fired (state, event)
/// cell, computed on the compiled tables: which row fires, which guards are
/// false, and which dimensions change a guard's value in this very state.
struct Observation {
  int service = -1;
  int taken = -1;  // row index, -1: none
  struct Probe {
    int row;
    bool guard;               // true for an unguarded row
    std::vector<bool> reads;  // per dimension: another value flips the guard here
  };
  std::vector<Probe> cell;  // every row of the cell, in the order MSM tries them
  std::vector<int> values;  // per dimension: the case's value
};
/// Builds the case's world at `site` on the compiled tables and probes the
/// cell. Throws std::logic_error when a setup step does not fire.
Observation observe(const Case& c, int site);

/// Runs the case at `site` through both runners and reports every
/// difference from what it expects as a GoogleTest failure.
void check_case(const Case& c, int site);

/// One machine's test file: its service and its cases.
struct MachineCases {
  int service;
  std::string file;  // __FILE__ of the test file
  std::vector<Case> (*cases)();
};
int register_cases(int service, const char* file, std::vector<Case> (*cases)());
const std::vector<MachineCases>& registered_cases();

/// The test's name for a case: its name with every other character than a
/// letter or a digit made '_'.
std::string case_name(const testing::TestParamInfo<Case>& info);
void PrintTo(const Case& c, std::ostream* out);

class MachineCase : public testing::TestWithParam<Case> {};

}  // namespace smsmc::sm::machines

/// Registers a machine's cases for the completeness test and runs each as a
/// test named <Service>/MachineCase.Run/<case name>.
#define SMSMC_MACHINE_CASES(Service, cases_fn)                                                                     \
  namespace {                                                                                                      \
  [[maybe_unused]] const int registered_##Service =                                                                \
      ::smsmc::sm::machines::register_cases(::smsmc::sm::service_id<::smsmc::sm::Service>(), __FILE__, &cases_fn); \
  }                                                                                                                \
  INSTANTIATE_TEST_SUITE_P(Service, MachineCase, testing::ValuesIn(cases_fn()), ::smsmc::sm::machines::case_name)
