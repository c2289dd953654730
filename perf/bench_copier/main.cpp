// bench-copier: cio-copy against cp -r, dd, cp, `cp; sync` and dd with
// O_DIRECT (see cases.hpp). The sources go under $CIO_BENCH_DIR (default
// /tmp) and are removed at the end, also when SIGINT or SIGTERM ends the
// run (after the command in progress). A full run copies trees of 10,000 files
// of 4 KiB and 1,000 of 256 KiB and a 2 GiB file, with the page cache kept
// full (page_cache_filler.hpp); --quick copies 2,000 and 200 files and
// 256 MiB and skips the filler, so it takes seconds but its numbers are
// rough.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <cio/perf/options.hpp>

#include "cases.hpp"
#include "fixtures.hpp"
#include "interrupt.hpp"
#include "page_cache_filler.hpp"
#include "run_cases.hpp"

int main(int argc, char** argv) {
  cio::perf::Options options = cio::perf::parse_options(
      argc, argv,
      "cio-copy against cp -r, dd, cp, cp; sync and dd with O_DIRECT on trees and a large file, "
      "and its data paths (ring, copy_file_range) against each other");
  const char* base = std::getenv("CIO_BENCH_DIR");
  const std::string dir = base != nullptr ? base : "/tmp";
  const cio::bench::FixtureSizes sizes =
      options.quick ? cio::bench::FixtureSizes{uint64_t{256} << 20, 2000, 200}
                    : cio::bench::FixtureSizes{uint64_t{2} << 30, 10000, 1000};
  if (options.quick) options.repetitions = std::min(options.repetitions, 3);
  if (options.list) {
    for (const auto& c : cio::bench::copy_cases({}, sizes, CIO_COPY)) std::puts(c.name.c_str());
    return 0;
  }
  cio::bench::catch_interrupts();
  const cio::bench::Fixtures fixtures = cio::bench::make_fixtures(dir, sizes);
  int status = 1;
  try {
    std::unique_ptr<cio::bench::PageCacheFiller> filler;
    if (!options.quick) {
      filler = std::make_unique<cio::bench::PageCacheFiller>(fixtures.dir + "/filler");
    }
    status = cio::bench::run_cases(cio::bench::copy_cases(fixtures, sizes, CIO_COPY), fixtures,
                                   options, filler.get());
  } catch (const std::exception& error) {
    std::printf("error: %s\n", error.what());
  }
  cio::bench::remove_fixtures(fixtures);
  if (const int signal = cio::bench::interrupt_signal(); signal != 0) {
    std::printf("interrupted: removed %s\n", fixtures.dir.c_str());
    return 128 + signal;
  }
  return status;
}
