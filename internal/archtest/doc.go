// Package archtest keeps the import graph of the module layered. It holds
// no code, only a test: the test lists every package of the module with
// `go list` and fails, naming the package and the import, when a package
// imports a package of this module, or an external module, that the table
// in archtest_test.go does not allow it. Standard library imports are
// always allowed; test files are not checked.
//
// The table has one entry per package of the module, so a new package
// fails the test until it is given its place: the module packages and
// external modules it may import. The layers, from the bottom:
//
//   - lint (the shared types) and small helpers with no module import:
//     winerr, internal/cite, internal/container, internal/fsread,
//     internal/fuzzlimit, internal/secret, internal/suggest,
//     internal/wording.
//   - text and XML: internal/srctext, internal/xmldoc, internal/xmlval.
//   - parsers and the rules of one kind of document: input (reading files
//     and the text around a document), certcheck, eapxml, profile (which
//     may use eapxml for the EAP configuration inside a profile).
//   - crosscheck, the rules that compare documents: profile, eapxml and
//     certcheck, never input.
//   - config, report, the root package (the facade), then the commands.
//
// certcheck, eapxml, profile and crosscheck never import input, config,
// report or the root package; certcheck, eapxml and profile never import
// each other, except profile importing eapxml.
package archtest
