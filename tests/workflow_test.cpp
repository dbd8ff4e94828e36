// The GitHub workflow is valid YAML and names only steps this project has:
// every script it runs exists, and every smsmc subcommand it calls is one
// smsmc knows.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>

namespace {

std::string smsmc_help() {
  FILE* pipe = popen(SMSMC_BINARY " --help 2>&1", "r");
  std::string out;
  std::array<char, 4096> buffer{};
  while (pipe != nullptr && std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) out += buffer.data();
  if (pipe != nullptr) pclose(pipe);
  return out;
}

TEST(Workflow, IsValidYamlAndRunsOnlyWhatTheProjectHas) {
  const std::string file = SMSMC_SOURCE_DIR "/.github/workflows/ci.yml";
  YAML::Node workflow;
  ASSERT_NO_THROW(workflow = YAML::LoadFile(file));
  ASSERT_TRUE(workflow["jobs"].IsMap());
  const std::string help = smsmc_help();
  const std::regex script(R"(((?:tools|\.ci)/[A-Za-z0-9_./-]+))");
  const std::regex subcommand(R"(smsmc\s+([a-z-]+))");
  std::size_t runs = 0;
  for (const auto& job : workflow["jobs"]) {
    ASSERT_TRUE(job.second["steps"].IsSequence()) << job.first.as<std::string>();
    for (const auto& step : job.second["steps"]) {
      ASSERT_TRUE(step["run"] || step["uses"]) << "a step must run something or use an action";
      if (!step["run"]) continue;
      ++runs;
      const std::string command = step["run"].as<std::string>();
      for (std::sregex_iterator it(command.begin(), command.end(), script), end; it != end; ++it)
        EXPECT_TRUE(std::filesystem::exists(std::string(SMSMC_SOURCE_DIR "/") + (*it)[1].str()))
            << "the workflow runs " << (*it)[1] << ", which this project does not have";
      for (std::sregex_iterator it(command.begin(), command.end(), subcommand), end; it != end; ++it)
        EXPECT_NE(help.find("  " + (*it)[1].str()), std::string::npos)
            << "smsmc has no subcommand '" << (*it)[1] << "'";
    }
  }
  EXPECT_GE(runs, 4u);
  // The gate's report is published and its diagrams uploaded.
  const std::string text = YAML::Dump(workflow);
  EXPECT_NE(text.find("gate-out/junit.xml"), std::string::npos);
  EXPECT_NE(text.find("upload-artifact"), std::string::npos);
}

}  // namespace
