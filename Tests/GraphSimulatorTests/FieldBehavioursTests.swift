import GraphClient
import IntuneAssignCore
import Testing

@testable import GraphSimulator

/// The field behaviours decided without HTTP: each knob both ways, and the kind-by-kind answers the routes word.
@Suite struct FieldBehavioursTests {
    func kind(_ name: String) throws -> Kind { try #require(Kinds.named(name)) }

    @Test func appConfigurationsAssignThroughTheCastUnlessTheKnobIsOff() throws {
        let appConfiguration = try kind("mobileAppConfiguration")
        let cast = [FieldBehaviours.appConfigurationCast, "assign"]
        var options = GraphSimulator.Options()
        #expect(options.appConfigurationAssignNeedsCast)
        let reported = FieldBehaviours(options: options)
        #expect(!reported.servesAssign(appConfiguration, route: ["assign"]))
        #expect(reported.servesAssign(appConfiguration, route: cast))
        options.appConfigurationAssignNeedsCast = false
        let routesBoth = FieldBehaviours(options: options)
        #expect(routesBoth.servesAssign(appConfiguration, route: ["assign"]))
        #expect(routesBoth.servesAssign(appConfiguration, route: cast))
        // Other kinds are never refused here.
        #expect(reported.servesAssign(try kind("deviceConfiguration"), route: ["assign"]))
    }

    @Test func singleCreatesAreRoutedExceptWhereTheKnobSaysNot() throws {
        var options = GraphSimulator.Options()
        #expect(!FieldBehaviours(options: options).routesSingleCreate(try kind("deviceHealthScript")))
        #expect(FieldBehaviours(options: options).routesSingleCreate(try kind("deviceConfiguration")))
        options.unroutedSingleCreates = []
        #expect(FieldBehaviours(options: options).routesSingleCreate(try kind("deviceHealthScript")))
    }

    @Test func refusedTargetsAndNamesAreTheKindsOwn() throws {
        let field = FieldBehaviours(options: GraphSimulator.Options())
        let protection = try kind("iosManagedAppProtection")
        #expect(field.targetRefusal(protection, .allUsers)?.hasPrefix("Unsupported AssignmentTarget") == true)
        #expect(field.targetRefusal(protection, .group) == nil)
        let enrollment = try kind("deviceEnrollmentConfiguration")
        #expect(field.targetRefusal(enrollment, .exclusionGroup) != nil)
        #expect(field.nameProperty(try kind("configurationPolicy")) == "name")
        #expect(field.nameProperty(try kind("intuneBrandingProfile")) == "profileName")
        #expect(field.unknownProperty(try kind("configurationPolicy"), Query("$select=id,displayName")) != nil)
        #expect(field.unknownProperty(try kind("configurationPolicy"), Query("$select=id,name")) == nil)
        #expect(field.pageLimits("/deviceManagement/configurationPolicies") == (25, 100))
    }
}
