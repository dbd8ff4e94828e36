// Despooler (secondary site).
//
// While running it executes every instruction that arrives in its inbox. The
// site install package is a CONFIG mini-job meant for UBS: its "config mini
// inst specific data" is not there, so executing it fails with c0000001 and
// the package is gone. Site Configuration Manager stops the despooler during
// the shutdown; a stopped despooler leaves the package in the inbox for UBS.
// The despooler-defers patches make it leave a CONFIG mini-job untouched.
#pragma once

#include "statemachines/machine.h"

namespace smsmc::sm {
namespace despooler {

// clang-format off
struct Running : msmf::state<> { static constexpr const char* name = "Running"; };
struct Stopped : msmf::state<> { static constexpr const char* name = "Stopped"; };

// event: the despooler executes the instruction waiting in its inbox (despooler step)
struct execute_instruction : step_event    { static constexpr const char* name = "execute_instruction";
                                            static constexpr const char* duration = "despooler.execute"; };
// event: stop (SCM -> despooler)
struct stop                : message_event { static constexpr const char* name = "stop"; };
// clang-format on

/// A CONFIG mini-job waits in the inbox and the variant's deferral rule does
/// not hold it back.
struct config_job_to_execute : guard<config_job_to_execute> {
  static constexpr const char* name = "package_in_inbox && !deferred";
  static bool check(const Context& ctx);
};
/// Executes the CONFIG mini-job: takes it from the inbox (despooler -> inbox),
/// fails with c0000001, and the package is gone.
struct execute_config_instruction : action<execute_config_instruction> {
  static constexpr const char* name = "execute_config_instruction";
  static void run(const Context& ctx);
};

/// The lines the KB quotes from the despooler's log.
inline constexpr const char* log_executing = "Executing instruction of type MICROSOFT|SMS|MINIJOBINSTRUCTION|CONFIG";
inline constexpr const char* log_no_config_data = "Cannot find config mini inst specific data";
inline constexpr const char* log_c0000001 = "Despooler failed to execute the instruction, error code = c0000001";

}  // namespace despooler

struct Despooler : machine_def<Despooler> {
  static constexpr ServiceTraits traits = ServiceTraits{}
      .name("despooler")
      .summary("despooler: executes every instruction in its inbox while running")
      .title("Despooler")
      .band(Band::secondary)
      .kb_lines({despooler::log_executing, despooler::log_no_config_data, despooler::log_c0000001});
  using initial_state = despooler::Running;

  // clang-format off
  using Running = despooler::Running;
  using Stopped = despooler::Stopped;
  using execute_instruction = despooler::execute_instruction;
  using stop = despooler::stop;
  using config_job_to_execute = despooler::config_job_to_execute;
  using execute_config_instruction = despooler::execute_config_instruction;
  using none = msmf::none;

  struct transition_table : boost::mpl::vector<
  //          Start  , Event              , Next   , Action                    , Guard
  //        +--------+--------------------+--------+---------------------------+----------------------+
  msmf::Row < Running, execute_instruction, Running, execute_config_instruction, config_job_to_execute>,
  msmf::Row < Running, stop               , Stopped, none                      , none                 >
  //        +--------+--------------------+--------+---------------------------+----------------------+
  > {};
  // clang-format on
};

}  // namespace smsmc::sm
