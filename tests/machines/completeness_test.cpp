// The machine tests cover every table: each row of each registered service
// is taken by some case, each guarded row is refused by some case (its guard
// false), and each row whose guard reads a switch or the environment runs in
// cases under every value of it. Coverage is observed (the cases' worlds
// probed on the compiled tables), not declared, so a case that stops
// reaching its row stops counting. A row added to a table without a case
// turns this red, naming the row and the file to add the case to.
#include "spec/variants.h"
#include "tests/machines/harness.h"

#include <map>
#include <set>
#include <stdexcept>

namespace smsmc::sm::machines {
namespace {

struct RowCoverage {
  bool taken = false;
  bool refused = false;
  std::vector<bool> reads = std::vector<bool>(dimensions().size());
  std::vector<std::set<int>> values = std::vector<std::set<int>>(dimensions().size());
};

struct Coverage {
  std::vector<std::vector<RowCoverage>> rows;  // [service][row]
  std::vector<std::string> broken;             // cases whose world could not be built
};

const Coverage& coverage() {
  static const Coverage computed = [] {
    const Registry& registry = Registry::protocol();
    Coverage out;
    for (int s = 0; s < registry.size(); ++s) out.rows.emplace_back(registry.machine(s).rows.size());
    for (const MachineCases& file : registered_cases()) {
      for (const Case& c : file.cases()) {
        if (!c.incomplete().empty()) continue;  // its own test says why
        for (int site = 0; site < sites_per_case; ++site) {
          Observation seen;
          try {
            seen = observe(c, site);
          } catch (const std::logic_error& e) {
            out.broken.push_back("\"" + c.name() + "\": " + e.what());
            continue;
          }
          std::vector<RowCoverage>& rows = out.rows[static_cast<std::size_t>(seen.service)];
          if (seen.taken >= 0) rows[static_cast<std::size_t>(seen.taken)].taken = true;
          for (const Observation::Probe& probe : seen.cell) {
            RowCoverage& row = rows[static_cast<std::size_t>(probe.row)];
            if (!probe.guard && probe.row != seen.taken) row.refused = true;
            for (std::size_t d = 0; d < dimensions().size(); ++d) {
              if (probe.reads[d]) row.reads[d] = true;
              row.values[d].insert(seen.values[d]);
            }
          }
        }
      }
    }
    return out;
  }();
  return computed;
}

std::string file_for(int service) {
  return std::string("tests/machines/") + Registry::protocol().machine(service).name + "_test.cpp";
}

/// Every row of every service for which `missing(service, row)` names
/// something, one line each.
template <class Missing>
std::string every_row(Missing missing) {
  std::string out;
  const Registry& registry = Registry::protocol();
  for (int s = 0; s < registry.size(); ++s) {
    for (std::size_t r = 0; r < registry.machine(s).rows.size(); ++r) {
      const std::string what = missing(s, static_cast<int>(r));
      if (!what.empty())
        out += "\n  " + describe_row(s, static_cast<int>(r)) + ": " + what + " (add one to " + file_for(s) + ")";
    }
  }
  return out;
}

const RowCoverage& of(int service, int row) {
  return coverage().rows[static_cast<std::size_t>(service)][static_cast<std::size_t>(row)];
}

TEST(Completeness, EveryServiceHasATestFileNamedAfterIt) {
  const Registry& registry = Registry::protocol();
  std::string missing;
  for (int s = 0; s < registry.size(); ++s) {
    int files = 0;
    for (const MachineCases& file : registered_cases()) {
      if (file.service != s) continue;
      ++files;
      const std::string expected = std::string(registry.machine(s).name) + "_test.cpp";
      const std::string& path = file.file;
      EXPECT_TRUE(path.size() >= expected.size() &&
                  path.compare(path.size() - expected.size(), expected.npos, expected) == 0 &&
                  (path.size() == expected.size() || path[path.size() - expected.size() - 1] == '/'))
          << registry.machine(s).name << "'s cases are registered from " << path << ", not from " << file_for(s);
    }
    if (files == 0)
      missing += "\n  " + file_for(s) + " (SMSMC_MACHINE_CASES(...) for " + registry.machine(s).name + ")";
    EXPECT_LE(files, 1) << registry.machine(s).name << " registers cases from more than one file";
  }
  EXPECT_TRUE(missing.empty()) << "services without a test file:" << missing;
}

TEST(Completeness, EveryCaseIsCompleteAndNamesRowsOfTheTables) {
  std::string problems;
  for (const MachineCases& file : registered_cases()) {
    std::set<std::string> names;
    for (const Case& c : file.cases()) {
      const std::string incomplete = c.incomplete();
      if (!incomplete.empty()) problems += "\n  \"" + c.name() + "\": " + incomplete;
      if (!names.insert(c.name()).second) problems += "\n  \"" + c.name() + "\": two cases have this name";
      if (c.expects_row() && find_row(c.taken()) < 0)
        problems += "\n  \"" + c.name() + "\" takes a row that is not in the table";
      for (const RowKey& key : c.refused()) {
        if (find_row(key) < 0) problems += "\n  \"" + c.name() + "\" refuses a row that is not in the table";
      }
    }
  }
  for (const std::string& broken : coverage().broken) problems += "\n  " + broken;
  EXPECT_TRUE(problems.empty()) << problems;
}

TEST(Completeness, EveryRowIsTakenBySomeCase) {
  const std::string missing = every_row([](int s, int r) { return of(s, r).taken ? "" : "no case takes it"; });
  EXPECT_TRUE(missing.empty()) << "rows no machine test takes:" << missing;
}

TEST(Completeness, EveryGuardIsFalseInSomeCaseAndItsRowNotTaken) {
  const std::string missing = every_row([](int s, int r) {
    const CompiledRow& row = Registry::protocol().machine(s).rows[static_cast<std::size_t>(r)];
    return row.guard == nullptr || of(s, r).refused ? "" : "no case makes its guard false";
  });
  EXPECT_TRUE(missing.empty()) << "guarded rows never refused:" << missing;
}

TEST(Completeness, EveryGuardedRowRunsUnderEachValueOfEverySwitchItsGuardReads) {
  const std::string missing = every_row([](int s, int r) {
    std::string out;
    const RowCoverage& row = of(s, r);
    for (std::size_t d = 0; d < dimensions().size(); ++d) {
      if (!row.reads[d]) continue;
      for (int v = 0; v < static_cast<int>(dimensions()[d].values.size()); ++v) {
        if (row.values[d].count(v) == 0)
          out += std::string(out.empty() ? "" : "; ") + "its guard reads " + dimensions()[d].name +
                 ", but no case runs it under " + dimensions()[d].name + "=" +
                 dimensions()[d].values[static_cast<std::size_t>(v)];
      }
    }
    return out;
  });
  EXPECT_TRUE(missing.empty()) << "switch values no case covers:" << missing;
}

TEST(Completeness, TheDimensionsTellEveryCatalogueVariantApart) {
  // A switch missing from dimensions() would let a guard read it unseen; two
  // variants of the catalogue that agree on every known dimension differ in
  // such a switch.
  std::map<std::vector<int>, std::string> seen;
  for (const spec::Variant& variant : spec::variants()) {
    Params params;
    params.switches = variant.switches;
    std::vector<int> values;
    for (const Dimension& d : dimensions()) values.push_back(d.get(params));
    const auto [at, fresh] = seen.emplace(values, variant.name);
    EXPECT_TRUE(fresh) << "variants " << at->second << " and " << variant.name
                       << " differ in a switch tests/machines/harness.cpp does not know: add it to dimensions()";
  }
}

}  // namespace
}  // namespace smsmc::sm::machines
