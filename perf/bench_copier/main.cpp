// bench-copier: cio-copy against dd, cp and cp -r (see cases.hpp). The
// sources go under $CIO_BENCH_DIR (default /tmp) and are removed at the
// end; --quick copies 256 MiB and trees of 2,000 files instead of 2 GiB
// and 10,000.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <cio/perf/options.hpp>

#include "cases.hpp"
#include "fixtures.hpp"

int main(int argc, char** argv) {
  cio::perf::Options options = cio::perf::parse_options(
      argc, argv, "cio-copy against dd, cp and cp -r on a large file and trees of small files");
  const char* base = std::getenv("CIO_BENCH_DIR");
  const cio::bench::FixtureSizes sizes = options.quick
                                             ? cio::bench::FixtureSizes{uint64_t{256} << 20, 2000}
                                             : cio::bench::FixtureSizes{uint64_t{2} << 30, 10000};
  if (options.quick) options.repetitions = std::min(options.repetitions, 3);
  if (options.list) {
    for (const auto& c : cio::bench::copy_cases({}, CIO_COPY)) std::puts(c.name.c_str());
    return 0;
  }
  const cio::bench::Fixtures fixtures =
      cio::bench::make_fixtures(base != nullptr ? base : "/tmp", sizes);
  const int status =
      cio::bench::run_cases(cio::bench::copy_cases(fixtures, CIO_COPY), fixtures, options);
  cio::bench::remove_fixtures(fixtures);
  return status;
}
