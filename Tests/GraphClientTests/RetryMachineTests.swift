import GraphClient
import Testing

/// The retry and throttle state machine, with time and randomness given as numbers.
@Suite struct RetryMachineTests {
    @Test func retryAfterIsHonouredAndPausesEveryTask() {
        var machine = RetryMachine()
        #expect(machine.startTime(isWrite: false, now: 100) == 100)
        #expect(machine.decide(.status(429, retryAfter: 7), attempt: 1, now: 100, random: 0.9) == .retry(at: 107))
        // Another task, about to start a read, waits for the same pause.
        #expect(machine.startTime(isWrite: false, now: 101) == 107)
        #expect(machine.startTime(isWrite: false, now: 108) == 108)
        #expect(machine.throttles == 1)
    }

    @Test func withoutRetryAfterBackoffDoublesWithinTheJitter() {
        var machine = RetryMachine(policy: RetryPolicy(maxAttempts: 10, baseDelay: 1, maxDelay: 30, jitter: 0.25))
        var waits: [Double] = []
        for attempt in 1...7 {
            guard
                case .retry(let at) = machine.decide(
                    .status(503, retryAfter: nil), attempt: attempt, now: 0, random: 0.5)
            else {
                Issue.record("attempt \(attempt) not retried")
                return
            }
            waits.append(at)
        }
        #expect(waits == [1, 2, 4, 8, 16, 30, 30])
        var low = RetryMachine(policy: RetryPolicy(jitter: 0.25))
        var high = RetryMachine(policy: RetryPolicy(jitter: 0.25))
        #expect(low.decide(.status(503, retryAfter: nil), attempt: 3, now: 0, random: 0) == .retry(at: 3))
        #expect(high.decide(.status(503, retryAfter: nil), attempt: 3, now: 0, random: 0.999_999).retryTime! > 4.99)
    }

    @Test func transientFailuresSlowOnlyTheirOwnRequest() {
        var machine = RetryMachine()
        #expect(machine.decide(.status(504, retryAfter: nil), attempt: 1, now: 50, random: 0.5) == .retry(at: 51))
        #expect(machine.pausedUntil == 0)
        #expect(machine.startTime(isWrite: false, now: 50) == 50)
        #expect(machine.decide(.noResponse, attempt: 1, now: 50, random: 0.5) == .retry(at: 51))
        #expect(machine.decide(.noResponse, attempt: 1, now: 50, random: 0.5, repeatable: false) == .accept)
    }

    /// Graph counts a request somewhere between its send and its answer: a slot leaves the window one window after
    /// the answer, so a write reserved while earlier ones were still on their way waits for them.
    @Test func slotsLeaveTheWindowOneWindowAfterTheirAnswer() {
        var machine = RetryMachine(policy: RetryPolicy(writeLimit: (100, 20), requestLimit: nil))
        #expect(machine.startTime(writes: 100, requests: 0, now: 0) == 0)
        let reserved = machine.startTime(writes: 1, requests: 0, now: 0.1)
        #expect(reserved == 20, "reserved from the send times while the answers are awaited")
        machine.answered(writes: 100, requests: 0, startedAt: 0, now: 0.6)
        #expect(machine.confirm(writes: 1, requests: 0, reservedAt: reserved, now: 20) == 20.6)
        // Taken again at 20.6, the write fits then; nothing else moved.
        #expect(machine.confirm(writes: 1, requests: 0, reservedAt: 20.6, now: 20.6) == 20.6)
    }

    @Test func otherAnswersGoToTheCaller() {
        var machine = RetryMachine()
        for status in [200, 201, 204, 400, 401, 403, 404, 409, 500, 502] {
            #expect(
                machine.decide(.status(status, retryAfter: 3), attempt: 1, now: 0, random: 0) == .accept, "\(status)")
        }
        #expect(machine.retriesUsed == 0)
    }

    @Test func attemptsAndTheRunsBudgetRunOut() {
        var machine = RetryMachine(policy: RetryPolicy(maxAttempts: 3, budget: 4))
        #expect(machine.decide(.status(429, retryAfter: 1), attempt: 1, now: 0, random: 0).retryTime != nil)
        #expect(machine.decide(.status(429, retryAfter: 1), attempt: 2, now: 0, random: 0).retryTime != nil)
        #expect(machine.decide(.status(429, retryAfter: 1), attempt: 3, now: 0, random: 0) == .giveUp(.attempts))
        // Throttling with Retry-After is Graph pacing us: it does not count against the run's budget.
        #expect(machine.budgetUsed == 0)
        // Failures without it do: four fit in the budget of four, the fifth does not.
        for attempt in [1, 2, 1, 2] {
            #expect(machine.decide(.status(504, retryAfter: nil), attempt: attempt, now: 0, random: 0).retryTime != nil)
        }
        #expect(machine.decide(.status(503, retryAfter: nil), attempt: 1, now: 0, random: 0) == .giveUp(.budget))
        #expect(machine.budgetUsed == 4)
        #expect(machine.retriesUsed == 6)
        #expect(
            machine.decide(.status(429, retryAfter: 2), attempt: 1, now: 0, random: 0).retryTime != nil, "still paced")
    }

    @Test func writesArePacedUnderTheWriteLimit() {
        var machine = RetryMachine(policy: RetryPolicy(writeLimit: (2, 10)))
        let starts = (0..<5).map { _ in machine.startTime(isWrite: true, now: 0) }
        #expect(starts == [0, 0, 10, 10, 20])
        // Reads are not paced by the write limit.
        #expect(machine.startTime(isWrite: false, now: 0) == 0)
        // Later, the window has moved on.
        #expect(machine.startTime(isWrite: true, now: 40) == 40)
    }

    @Test func aBatchTakesOneSlotPerInnerWrite() {
        var machine = RetryMachine(policy: RetryPolicy(writeLimit: (10, 20)))
        #expect(machine.startTime(writes: 20, now: 0) == 20, "the second ten wait a window")
        #expect(machine.startTime(writes: 5, now: 0) == 40)
        #expect(machine.startTime(writes: 0, now: 0) == 0)
    }

    /// Reads count too (limits.md: 1000 requests of any kind per 20 s): every request inside a batch takes a slot.
    @Test func requestsOfAnyKindArePacedUnderTheRequestLimit() {
        var machine = RetryMachine(policy: RetryPolicy(writeLimit: (2, 10), requestLimit: (5, 10)))
        #expect(machine.startTime(writes: 0, requests: 3, now: 0) == 0)
        #expect(
            machine.startTime(writes: 0, requests: 3, now: 1) == 10, "a batch of three waits until three slots are free"
        )
        #expect(machine.startTime(writes: 2, requests: 2, now: 2) == 10, "the three at 0 have left the window at 10")
        #expect(machine.startTime(writes: 1, requests: 1, now: 3) == 20, "the write limit binds: two writes at 10")
        var unpaced = RetryMachine(policy: RetryPolicy(writeLimit: nil, requestLimit: nil))
        #expect((0..<100).map { _ in unpaced.startTime(writes: 1, requests: 20, now: 7) }.allSatisfy { $0 == 7 })
    }

    @Test func aPauseAndThePaceCombine() {
        var machine = RetryMachine(policy: RetryPolicy(writeLimit: (1, 5)))
        #expect(machine.startTime(isWrite: true, now: 0) == 0)
        _ = machine.decide(.status(429, retryAfter: 3), attempt: 1, now: 0, random: 0)
        #expect(machine.startTime(isWrite: true, now: 1) == 5)
        #expect(machine.startTime(isWrite: false, now: 1) == 3)
    }
}

extension RetryMachine.Decision {
    var retryTime: Double? {
        if case .retry(let at) = self { return at }
        return nil
    }
}
