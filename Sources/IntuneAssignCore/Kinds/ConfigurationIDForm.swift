/// What a kind's object ids look like. Ids go into URL paths, so each form admits only letters, digits, `-`
/// and `_`.
public enum ConfigurationIDForm: String, Hashable, Sendable {
    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    case guid
    /// A GUID, optionally followed by `_` and a type name: enrollment configurations are
    /// `{guid}_DefaultLimit`, `{guid}_Windows10EnrollmentCompletionPageConfiguration`, ...
    case guidWithSuffix
    /// A decimal number: role scope tags are `0` (Default), `1`, `2`, ...
    case integer
    /// An item of a collection nested under each parent object: the parent's GUID, `/`, and the item's own id
    /// (letters, digits, `-`, `_`), such as an Apple enrollment profile under its Apple token.
    case nested
}
