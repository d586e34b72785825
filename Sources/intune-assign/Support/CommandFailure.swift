import ArgumentParser
import Foundation
import GraphSimulator
import GraphSimulatorServer

/// A failure while running a command: printed as `Error: ...` (without the usage text), exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    /// A failure saying `description`.
    init(_ description: String) { self.description = description }
}
