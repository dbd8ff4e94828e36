#include "statemachines/world.h"

#include "statemachines/logon_server.h"
#include "statemachines/protocol.h"

#include <stdexcept>

namespace smsmc::sm {

const char* kind_name(Kind kind) { return machine(kind).name; }

Layout::Layout(int sites, int logon_servers) : sites_(sites), logon_servers_(logon_servers) {
  if (sites < 1) throw std::invalid_argument("a hierarchy needs at least one secondary site");
  if (logon_servers < 0) throw std::invalid_argument("the number of logon servers cannot be negative");
  by_kind_.assign(static_cast<std::size_t>(sites) * kind_count, -1);
  auto add = [&](Kind kind, int site, int index) {
    const std::string site_name = std::to_string(site + 1);
    std::string name = kind_name(kind);
    name += index < 0 ? "[" + site_name + "]" : "[" + site_name + "." + std::to_string(index + 1) + "]";
    const int id = static_cast<int>(actors_.size());
    actors_.push_back({kind, site, index, allocate(machine(kind).state_bits), std::move(name)});
    if (index < 0) by_kind_[static_cast<std::size_t>(site) * kind_count + static_cast<std::size_t>(kind)] = id;
    return id;
  };
  for (int site = 0; site < sites; ++site) {
    add(Kind::hierarchy_manager, site, -1);
    add(Kind::sender_link, site, -1);
    add(Kind::upgrade_bootstrap, site, -1);
    add(Kind::site_config_manager, site, -1);
    logon_base_.push_back(static_cast<int>(actors_.size()));
    logon_runs_.emplace_back();
    for (int index = 0; index < logon_servers; ++index) {
      const Field field = actors_[static_cast<std::size_t>(add(Kind::logon_server, site, index))].field;
      std::vector<LogonRun>& runs = logon_runs_.back();
      if (!runs.empty() && runs.back().word == field.word &&
          runs.back().shift + runs.back().count * field.bits == field.shift) {
        ++runs.back().count;
      } else {
        runs.push_back({field.word, field.shift, 1, index});
      }
    }
    add(Kind::despooler, site, -1);
    add(Kind::despooler_inbox, site, -1);
    add(Kind::watchdog, site, -1);
    add(Kind::site_operator, site, -1);
    ghost_config_failed_.push_back(allocate(1));
  }
  for (const Actor& actor : actors_) fields_.push_back(actor.field);
  site_fields_.resize(by_kind_.size());
  for (std::size_t i = 0; i < by_kind_.size(); ++i) {
    if (by_kind_[i] >= 0) site_fields_[i] = actors_[static_cast<std::size_t>(by_kind_[i])].field;
  }
  ghost_unhandled_ = allocate(1);
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

int Layout::find_actor(const std::string& name) const {
  for (std::size_t i = 0; i < actors_.size(); ++i) {
    if (actors_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int Context::first_logon_server_in(unsigned state) const {
  const Layout& lay = layout();
  const int site_index = site();
  if (lay.logon_servers() == 0) return -1;
  if (lay.actor(lay.logon_server(site_index, 0)).field.bits == 1) {
    // One bit per server: find the lowest bit equal to `state` in each run.
    for (const Layout::LogonRun& run : lay.logon_runs(site_index)) {
      const Word mask = run.count == 64 ? ~Word{0} : ((Word{1} << run.count) - 1);
      Word bits = (world_->state[run.word] >> run.shift) & mask;
      if (state == 0) bits = ~bits & mask;
      if (bits != 0) return lay.logon_server(site_index, run.first_index + __builtin_ctzll(bits));
    }
    return -1;
  }
  for (int index = 0; index < lay.logon_servers(); ++index) {
    const int id = lay.logon_server(site_index, index);
    if (state_of(id) == state) return id;
  }
  return -1;
}

}  // namespace smsmc::sm
