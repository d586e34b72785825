internal import CYAML

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One libyaml event, copied out of libyaml into a batch: what `DocumentBuilder` needs of it, positions already
/// 1-based, scalar text as a range of the batch's bytes.
struct YAMLEvent {
    /// The events the builder acts on; the others (stream start, document end) are `.other`.
    enum Kind: UInt8 {
        case documentStart, scalar, sequenceStart, mappingStart, sequenceEnd, mappingEnd, alias, streamEnd, other
    }

    var kind: Kind
    /// Scalars: single- or double-quoted, or a block scalar.
    var quoted: Bool
    var tag: YAMLDocument.Tag
    var line: Int32
    var column: Int32
    /// The anchor (or, for an alias, the anchor it names) as an index into the batch's `anchors`; -1 for none.
    var anchor: Int32
    /// Scalars: where the text starts in the batch's `bytes`, and its length.
    var start: Int32
    var count: Int32
}

/// Why libyaml stopped: its own words and marks, kept so that the builder can word them for a person.
struct ParserFailure: Sendable {
    var problem: String
    /// For a reader (encoding) error, the byte offset of the problem in the input; else `nil`.
    var problemOffset: Int?
    var problemLine: Int32
    var problemColumn: Int32
    /// libyaml's context ("while parsing a block mapping") with its position, when it gives one.
    var context: (text: String, line: Int32, column: Int32)?
    /// The character a reader error found, when it names one.
    var character: Int32?
}

/// Events in the order libyaml produced them, with the bytes and anchor names they point into.
struct EventBatch: Sendable {
    var events: [YAMLEvent] = []
    var bytes: [UInt8] = []
    var anchors: [String] = []
    /// Set on the batch where libyaml stopped on an error; no batch follows it.
    var failure: ParserFailure?
    /// Whether this is the last batch (the stream ended, libyaml failed or the consumer asked to stop).
    var last = false

    /// The text of a scalar event.
    func withBytes<R>(_ event: YAMLEvent, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        bytes.withUnsafeBufferPointer {
            body(UnsafeBufferPointer(rebasing: $0[Int(event.start)..<Int(event.start + event.count)]))
        }
    }
}

extension YAMLEvent: Sendable {}
extension YAMLEvent.Kind: Sendable {}

/// Runs libyaml's parser over one input and hands its events out in batches.
///
/// Large inputs are parsed on a thread of their own while the caller builds the document (and decodes what is
/// finished), so that libyaml's time and ours overlap on two cores; small ones are parsed batch by batch on the
/// caller's thread, as starting a thread would cost more than it saves. Either way the events, and so the document,
/// are the same.
final class EventProducer: @unchecked Sendable {
    // @unchecked: the parser is used by one thread only (the caller's, or the worker's from its start to its end;
    // pthread_create and pthread_join order those accesses). The channel is the only state both threads touch.

    /// Events per batch: large enough that handing a batch over costs nothing measurable, small enough that the
    /// builder starts soon after libyaml does.
    static let batchSize = 4_096
    /// Inputs from this size on are parsed on a thread of their own.
    static let threadedFrom = 256 * 1_024

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let started: Bool
    private var finished = false
    /// A handled batch kept for reuse (without a worker).
    private var spare: [EventBatch] = []
    private var channel: BatchChannel?
    private var worker: pthread_t?

    /// A producer over `input`, which must stay valid until `close()` returns; `threaded` overrides the choice by
    /// size (tests use it to read the same input both ways).
    init(_ input: UnsafeBufferPointer<UInt8>, threaded: Bool? = nil) {
        parser = .allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        started = yaml_parser_initialize(parser) == 1
        if started { yaml_parser_set_input_string(parser, input.baseAddress, input.count) }
        if started, threaded ?? (input.count >= Self.threadedFrom) { startWorker() }
    }

    deinit {
        close()
        if started { yaml_parser_delete(parser) }
        parser.deinitialize(count: 1)
        parser.deallocate()
    }

    /// Whether libyaml could start at all (it fails only when out of memory).
    var isReady: Bool { started }

    /// The next batch. After a batch marked `last`, no more come.
    func next() -> EventBatch {
        if let channel { return channel.receive() }
        return parseBatch()
    }

    /// Takes back a batch the caller has handled, for its arrays to be used again. The caller must hold no other
    /// copy of it (pass it with `consume`), or reusing it would copy the arrays instead.
    func recycle(_ batch: consuming EventBatch) {
        if let channel {
            channel.giveSpare(batch)
        } else if spare.isEmpty {
            spare.append(batch)
        }
    }

    /// Stops the worker, if any, and waits for it: the input may go once this returns. Safe to call twice.
    func close() {
        guard let channel, let worker else { return }
        channel.stop()
        pthread_join(worker, nil)
        self.worker = nil
        self.channel = nil
    }

    /// Parses up to `batchSize` events.
    private func parseBatch() -> EventBatch {
        var batch = EventBatch()
        guard !finished else {
            batch.last = true
            return batch
        }
        // A batch the builder is done with, emptied, keeps its arrays: no allocation per batch on this thread, and
        // no free on the other.
        if let used = channel?.takeSpare() ?? spare.popLast() {
            batch = used
            batch.events.removeAll(keepingCapacity: true)
            batch.bytes.removeAll(keepingCapacity: true)
            batch.anchors.removeAll(keepingCapacity: true)
        }
        batch.events.reserveCapacity(Self.batchSize)
        batch.bytes.reserveCapacity(Self.batchSize * 16)
        var event = yaml_event_t()
        while batch.events.count < Self.batchSize {
            guard yaml_parser_parse(parser, &event) == 1 else {
                batch.failure = failure()
                break
            }
            let kind = append(event, to: &batch)
            yaml_event_delete(&event)
            if kind == .streamEnd { break }
        }
        if batch.failure != nil || batch.events.last?.kind == .streamEnd {
            finished = true
            batch.last = true
        }
        return batch
    }

    /// Copies one event into the batch; its kind.
    private func append(_ event: yaml_event_t, to batch: inout EventBatch) -> YAMLEvent.Kind {
        var record = YAMLEvent(
            kind: .other, quoted: false, tag: .none, line: Int32(clamping: event.start_mark.line + 1),
            column: Int32(clamping: event.start_mark.column + 1), anchor: -1, start: 0, count: 0)
        /// The index of an anchor name in the batch.
        func anchor(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> Int32 {
            guard let pointer else { return -1 }
            batch.anchors.append(String(cString: pointer))
            return Int32(batch.anchors.count - 1)
        }
        switch event.type {
        case YAML_DOCUMENT_START_EVENT: record.kind = .documentStart
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            record.kind = .scalar
            record.quoted = scalar.style != YAML_PLAIN_SCALAR_STYLE
            record.tag = Self.tag(scalar.tag)
            record.anchor = anchor(scalar.anchor)
            record.start = Int32(batch.bytes.count)
            record.count = Int32(scalar.length)
            if let value = scalar.value, scalar.length > 0 {
                batch.bytes.append(contentsOf: UnsafeBufferPointer(start: value, count: scalar.length))
            }
        case YAML_SEQUENCE_START_EVENT:
            record.kind = .sequenceStart
            record.tag = Self.tag(event.data.sequence_start.tag)
            record.anchor = anchor(event.data.sequence_start.anchor)
        case YAML_MAPPING_START_EVENT:
            record.kind = .mappingStart
            record.tag = Self.tag(event.data.mapping_start.tag)
            record.anchor = anchor(event.data.mapping_start.anchor)
        case YAML_SEQUENCE_END_EVENT: record.kind = .sequenceEnd
        case YAML_MAPPING_END_EVENT: record.kind = .mappingEnd
        case YAML_ALIAS_EVENT:
            record.kind = .alias
            record.anchor = anchor(event.data.alias.anchor)
        case YAML_STREAM_END_EVENT: record.kind = .streamEnd
        default: break
        }
        batch.events.append(record)
        return record.kind
    }

    /// libyaml's error, in its own words and marks (positions 1-based).
    private func failure() -> ParserFailure {
        let state = parser.pointee
        var failure = ParserFailure(
            problem: state.problem.map { String(cString: $0) } ?? "unknown problem",
            problemOffset: state.error == YAML_READER_ERROR ? state.problem_offset : nil,
            problemLine: Int32(clamping: state.problem_mark.line + 1),
            problemColumn: Int32(clamping: state.problem_mark.column + 1))
        if let context = state.context {
            failure.context = (
                String(cString: context), Int32(clamping: state.context_mark.line + 1),
                Int32(clamping: state.context_mark.column + 1)
            )
        }
        if state.error == YAML_READER_ERROR, state.problem_value != -1 { failure.character = state.problem_value }
        return failure
    }

    /// A node's tag: none, or one of the core schema's.
    private static func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> YAMLDocument.Tag {
        guard let pointer else { return .none }
        switch String(cString: pointer) {
        case "tag:yaml.org,2002:str": return .string
        case "tag:yaml.org,2002:int": return .integer
        case "tag:yaml.org,2002:bool": return .boolean
        case "tag:yaml.org,2002:null": return .null
        case "tag:yaml.org,2002:float": return .float
        case "tag:yaml.org,2002:map": return .mapping
        case "tag:yaml.org,2002:seq": return .sequence
        case "!": return .nonSpecific
        default: return .other
        }
    }

    /// Starts the worker that parses the whole input into the channel.
    private func startWorker() {
        let channel = BatchChannel()
        self.channel = channel
        let job = Unmanaged.passRetained(
            WorkerJob { [self] in
                while true {
                    let batch = parseBatch()
                    // After a stop, the last batch still goes, so that a consumer that waits for it is never stranded.
                    let stopping = channel.isStopped
                    channel.send(stopping ? EventBatch(last: true) : batch)
                    if batch.last || stopping { return }
                }
            })
        var thread = pthread_t()
        let created = pthread_create(
            &thread, nil,
            { argument in
                guard let argument else { return nil }
                Unmanaged<WorkerJob>.fromOpaque(argument).takeRetainedValue().body()
                return nil
            }, job.toOpaque())
        if created == 0 {
            worker = thread
        } else {
            // No thread to be had: parse on the caller's thread, as for a small input.
            job.release()
            self.channel = nil
        }
    }
}

/// A closure to run on the worker thread.
private final class WorkerJob: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Batches from the worker to the builder: at most `capacity` in flight, so that memory stays bounded when the
/// builder is the slower of the two.
private final class BatchChannel: @unchecked Sendable {
    // @unchecked: `queue`, `spares` and `stopped` are read and written under `mutex` only. The mutex and the condition live
    // at addresses of their own: pthreads must not see them move.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [EventBatch] = []
    private var spares: [EventBatch] = []
    private var stopped = false
    private let capacity = 4

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// Waits for room (or a stop), then queues the batch.
    func send(_ batch: EventBatch) {
        pthread_mutex_lock(mutex)
        while queue.count >= capacity, !stopped { pthread_cond_wait(changed, mutex) }
        queue.append(batch)
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// Waits for a batch and takes it.
    func receive() -> EventBatch {
        pthread_mutex_lock(mutex)
        while queue.isEmpty { pthread_cond_wait(changed, mutex) }
        let batch = queue.removeFirst()
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        return batch
    }

    /// Keeps a batch the builder is done with, for the worker to fill again (at most `capacity` are kept).
    func giveSpare(_ batch: consuming EventBatch) {
        pthread_mutex_lock(mutex)
        if spares.count < capacity { spares.append(batch) }
        pthread_mutex_unlock(mutex)
    }

    /// A batch to fill again, if one is kept.
    func takeSpare() -> EventBatch? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return spares.popLast()
    }

    /// Tells the worker to stop after its current batch; batches already queued are dropped.
    func stop() {
        pthread_mutex_lock(mutex)
        stopped = true
        queue.removeAll()
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// Whether `stop()` was called.
    var isStopped: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return stopped
    }
}
