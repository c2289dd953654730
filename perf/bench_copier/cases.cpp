#include "cases.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include <cio/perf/compare.hpp>

#include "timed_run.hpp"

namespace cio::bench {
namespace {

std::vector<std::string> with(std::vector<std::string> command, const std::string& source,
                              const std::string& target) {
  command.push_back(source);
  command.push_back(target);
  return command;
}

// dd names its files with operands of its own.
std::vector<std::string> dd_command(const std::string& source, const std::string& target) {
  return {"dd", "if=" + source, "of=" + target, "bs=1M", "status=none"};
}

std::vector<std::string> command(const CopyCase& c, bool ours, const std::string& target) {
  const std::vector<std::string>& prefix = ours ? c.ours : c.baseline;
  if (!ours && prefix.front() == "dd") return dd_command(c.source, target);
  return with(prefix, c.source, target);
}

// "cio-copy -q -r": the program's name and its flags.
std::string label(const std::vector<std::string>& prefix) {
  std::string text = std::filesystem::path(prefix.front()).filename().string();
  for (size_t i = 1; i < prefix.size(); ++i) text += " " + prefix[i];
  return text == "dd" ? "dd bs=1M" : text;
}

// Where a side's copy goes. A large copy reuses one name: the previous
// copy is deleted just before the next, so its freed pages are taken again
// at once instead of being handed back to the host (a freshly faulted page
// costs more than the copy itself on these VMs).
std::string prepare_target(const CopyCase& c, const std::string& out, const char* side, int rep) {
  std::string target = out + "/" + side;
  if (c.big) {
    std::filesystem::remove(target);
  } else {
    target += "-" + std::to_string(rep);
  }
  // No dirty pages left by the other side: writeback would slow this one.
  ::sync();
  return target;
}

void run_case(const CopyCase& c, const Fixtures& fixtures, int reps) {
  perf::Side ours{label(c.ours), {}};
  perf::Side baseline{label(c.baseline), {}};
  const std::string out = fixtures.dir + "/out-" + c.name;
  std::filesystem::create_directory(out);
  std::printf("%s: %s\n", c.name.c_str(), c.about.c_str());
  warm(fixtures);
  for (int rep = 0; rep < reps; ++rep) {
    ours.reps.push_back(timed_run(command(c, true, prepare_target(c, out, "ours", rep))));
    baseline.reps.push_back(timed_run(command(c, false, prepare_target(c, out, "baseline", rep))));
  }
  if (c.big) std::filesystem::remove_all(out);
  perf::report(c.name, c.target, "s", perf::Better::lower, ours, baseline);
}

}  // namespace

std::vector<CopyCase> copy_cases(const Fixtures& fixtures, const std::string& copier) {
  const std::vector<std::string> quiet{copier, "-q"};
  const std::vector<std::string> trees{copier, "-q", "-r"};
  return {
      {"copier.big_file.dd",
       ">=0.90",
       "one large file, all shards, against dd bs=1M",
       quiet,
       {"dd"},
       fixtures.big_file,
       true},
      {"copier.big_file_one_shard.dd",
       ">=0.90",
       "one large file on one shard, against dd bs=1M",
       {copier, "-q", "--shards", "1"},
       {"dd"},
       fixtures.big_file,
       true},
      {"copier.big_file.cp",
       ">=0.90",
       "one large file against cp (copy_file_range)",
       quiet,
       {"cp"},
       fixtures.big_file,
       true},
      {"copier.tree.cp",
       ">=1.00",
       "small files in one directory against cp -r",
       trees,
       {"cp", "-r"},
       fixtures.flat_tree,
       false},
      {"copier.interleaved.cp",
       ">=1.20",
       "small files in 100 directories (interleaved across them) against cp -r",
       trees,
       {"cp", "-r"},
       fixtures.spread_tree,
       false},
  };
}

int run_cases(const std::vector<CopyCase>& cases, const Fixtures& fixtures,
              const perf::Options& options) {
  int status = 0;
  for (const CopyCase& c : cases) {
    if (c.name.find(options.filter) == std::string::npos) continue;
    try {
      run_case(c, fixtures, options.repetitions);
    } catch (const std::exception& error) {
      std::printf("error: %s: %s\nratio %s 0.00 %s\n", c.name.c_str(), error.what(), c.name.c_str(),
                  c.target.c_str());
      status = 1;
    }
  }
  return status;
}

}  // namespace cio::bench
