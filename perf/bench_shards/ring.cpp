// shards.ring.*: SpscRing<uint64_t> against boost::lockfree::spsc_queue
// between two pinned threads: the consumer is the harness's thread (pinned
// to CPU 1), the producer a PinnedWorker (CPU 0) that lives for the whole
// comparison, so thread start-up is never measured; each run_* call hands
// it one job. Same capacity, same element, same spin loops; the producer
// pushes 0..n-1 and the consumer pops n and checks the sum.
//
// shards.ring.throughput: one element per push and pop, ours publishing
// after every push: the 1:1 comparison. Each side of our ring re-reads the
// other's index only when its cached copy says full or empty, where boost
// acquire-loads it on every push and pop; and our try_pop frees slots an
// eighth of the ring at a time, so a producer that caught up with the
// consumer does not re-read the head on every push.
//
// shards.ring.batched: batches of 32: both copy 32 from an array
// (try_push_some / push(ptr, n)) and publish once; our consumer drains all
// that is published, boost's uses consume_all (one release store per batch
// as well). Both move the same slot cache lines between the cores, and
// that transfer is most of the cost (2-3 ns per element either way), so
// the target is parity.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <boost/lockfree/spsc_queue.hpp>
#include <cio/shard/spsc_ring.hpp>

#include "cases.hpp"
#include "pinned_worker.hpp"

namespace cio::bench {
namespace {

constexpr size_t kCapacity = 4096;
constexpr uint64_t kPerRound = 4096;  // elements per harness round
constexpr uint64_t kBatch = 32;

using Ours = shard::SpscRing<uint64_t>;
using Boost = boost::lockfree::spsc_queue<uint64_t, boost::lockfree::capacity<kCapacity>>;

enum class Mode { each, batched };

void produce(Ours& ring, Mode mode, uint64_t n) {
  if (mode == Mode::batched) {
    uint64_t batch[kBatch];
    for (uint64_t i = 0; i < n; i += kBatch) {
      const uint64_t count = std::min(kBatch, n - i);
      for (uint64_t j = 0; j < count; ++j) batch[j] = i + j;
      for (uint64_t pushed = 0; pushed < count; ring.publish()) {
        pushed += ring.try_push_some(std::span<const uint64_t>(batch + pushed, count - pushed));
      }
    }
    return;
  }
  for (uint64_t value = 0; value < n; ++value) {
    // Full: publish first, since the consumer frees only what it can see.
    while (!ring.try_emplace(value)) ring.publish();
    ring.publish();
  }
}

uint64_t consume(Ours& ring, Mode mode, uint64_t n) {
  uint64_t sum = 0;
  for (uint64_t got = 0; got < n;) {
    if (mode == Mode::batched) {
      got += ring.drain([&sum](uint64_t& value) { sum += value; });
    } else if (const auto value = ring.try_pop()) {
      sum += *value;
      ++got;
    }
  }
  return sum;
}

void produce(Boost& queue, Mode mode, uint64_t n) {
  uint64_t batch[kBatch];
  const uint64_t step = mode == Mode::each ? 1 : kBatch;
  for (uint64_t i = 0; i < n; i += step) {
    if (mode == Mode::each) {
      while (!queue.push(i)) {
      }
      continue;
    }
    const uint64_t count = std::min(kBatch, n - i);
    for (uint64_t j = 0; j < count; ++j) batch[j] = i + j;
    for (uint64_t pushed = 0; pushed < count;) pushed += queue.push(batch + pushed, count - pushed);
  }
}

uint64_t consume(Boost& queue, Mode mode, uint64_t n) {
  uint64_t sum = 0;
  uint64_t value = 0;
  for (uint64_t got = 0; got < n;) {
    if (mode == Mode::batched) {
      got += queue.consume_all([&sum](uint64_t v) { sum += v; });
    } else if (queue.pop(value)) {
      sum += value;
      ++got;
    }
  }
  return sum;
}

class RingWorkload final : public perf::Workload {
 public:
  explicit RingWorkload(Mode mode) : mode_(mode), producer_(consumer_cpu()) {}

  uint64_t run_ours(uint64_t rounds) override { return run(*ours_, rounds); }
  uint64_t run_baseline(uint64_t rounds) override { return run(*boost_, rounds); }

 private:
  static int consumer_cpu() {
    const int cpu = pinned_cpu();
    if (cpu < 0) throw perf::Skip("the consumer thread is not pinned to one CPU");
    return cpu;
  }

  template <typename Queue>
  uint64_t run(Queue& queue, uint64_t rounds) {
    const uint64_t n = rounds * kPerRound;
    producer_.start([&queue, mode = mode_, n] { produce(queue, mode, n); });
    const uint64_t sum = consume(queue, mode_, n);
    producer_.wait();
    if (sum != n * (n - 1) / 2) {
      throw perf::VerifyError("consumer's sum " + std::to_string(sum) + " for " +
                              std::to_string(n) + " elements");
    }
    return n;
  }

  const Mode mode_;
  // Each queue on the heap, apart from the other and from this object.
  const std::unique_ptr<Ours> ours_ = std::make_unique<Ours>(kCapacity);
  const std::unique_ptr<Boost> boost_ = std::make_unique<Boost>();
  PinnedWorker producer_;
};

}  // namespace

void add_ring_cases(std::vector<perf::Comparison>& out) {
  out.push_back({"shards.ring.throughput", ">=1.2",
                 "uint64_t across two pinned CPUs, one per push/pop, capacity 4096",
                 "SpscRing (publish per push)", "boost spsc_queue",
                 [] { return std::make_unique<RingWorkload>(Mode::each); }});
  out.push_back({"shards.ring.batched", ">=0.95",
                 "uint64_t across two pinned CPUs, batches of 32, capacity 4096",
                 "SpscRing (try_push_some 32, drain)", "boost spsc_queue (push 32, consume_all)",
                 [] { return std::make_unique<RingWorkload>(Mode::batched); }});
}

}  // namespace cio::bench
