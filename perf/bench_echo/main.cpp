// bench-echo: cio-echo against the Asio example echo server and a raw
// liburing echo server (perf/baselines), each a fresh process pinned to
// CPU 0 per run, under the closed-loop echo load (perf/echo_load) running
// in this process on CPU 1. The cases and ratio lines: cases.hpp.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>

#include <cio/perf/compare.hpp>
#include <cio/perf/machine.hpp>
#include <cio/perf/options.hpp>
#include <cio/perf/suite.hpp>

#include "cases.hpp"

namespace {

using std::chrono::milliseconds;

// The Asio servers the cases need, compiled now so no run waits for g++.
void prepare_asio(cio::bench::Lineup& lineup, bool large_messages) {
  try {
    lineup.asio = cio::bench::asio_server(false);
    if (large_messages) lineup.asio_64k = cio::bench::asio_server(true);
  } catch (const cio::perf::Skip& skip) {
    lineup.asio_missing = skip.what();
  } catch (const std::exception& error) {
    lineup.asio_missing = std::string("making the Asio example failed: ") + error.what();
  }
  if (!lineup.asio_missing.empty()) std::printf("warning: %s\n", lineup.asio_missing.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const cio::perf::Options options = cio::perf::parse_options(
      argc, argv,
      "cio-echo against the Asio example and a raw liburing echo server (server on CPU 0, "
      "load on CPU 1); each run measures max(--rep-ms, 3 s), or max(--rep-ms, 1 s) with --quick");
  const std::vector<cio::bench::EchoCase> cases = cio::bench::selected_cases(options);
  if (cases.empty()) {
    std::printf("no case matches '%s' (try --list)\n", options.filter.c_str());
    return 2;
  }
  if (options.list) {
    for (const auto& c : cases) {
      for (const std::string& name : cio::bench::ratio_names(c)) std::puts(name.c_str());
    }
    return 0;
  }

  cio::bench::LoadShape timing;
  timing.warmup = milliseconds(options.quick ? 300 : 500);
  timing.window = std::max(options.rep_time, milliseconds(options.quick ? 1000 : 3000));
  // --quick keeps to its rounds; otherwise up to as many again replace
  // disturbed ones.
  const cio::bench::Rounds rounds{options.repetitions,
                                  options.quick ? options.repetitions : 2 * options.repetitions};
  cio::bench::Lineup lineup{cio::bench::cio_echo_server(), cio::bench::uring_server(), {}, {}, {}};
  prepare_asio(lineup, std::any_of(cases.begin(), cases.end(),
                                   [](const auto& c) { return c.message_size > 1024; }));

  const int cpu = cio::perf::pin_this_thread();
  if (cpu != 1) std::printf("warning: the load runs on CPU %d, not CPU 1\n", cpu);
  std::printf(
      "server on CPU %d (a fresh process per run), load on CPU %d; each server once per round, "
      "%d clean rounds wanted, at most %d rounds;\n%lld ms warm-up, %lld ms measured per run; a "
      "run during which other work used > %.0f%% of a CPU is flagged\n",
      cio::bench::kServerCpu, cpu, rounds.clean, rounds.max,
      static_cast<long long>(timing.warmup.count()), static_cast<long long>(timing.window.count()),
      cio::perf::kBusyLimit * 100.0);
  int status = 0;
  for (const auto& c : cases) status |= cio::bench::run_case(c, lineup, rounds, timing);
  return status;
}
