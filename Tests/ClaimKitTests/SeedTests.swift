import ClaimKit
import Testing

@Suite("Seeds and settings")
struct SeedTests {
    @Test func fnv1aMatchesReferenceValues() {
        #expect(StableHash.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.fnv1a64("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test func masterSeedParsesDecimalAndHex() throws {
        #expect(MasterSeed.parse("20241113") == 20_241_113)
        #expect(MasterSeed.parse("0xFF") == 255)
        #expect(MasterSeed.parse("ff") == nil)
        #expect(MasterSeed.parse("-1") == nil)
        #expect(try MasterSeed.fromEnvironment([:]) == MasterSeed.defaultValue)
        #expect(try MasterSeed.fromEnvironment(["GUIDANCE_SEED": "0x10"]) == 16)
        #expect(throws: ClaimKitError.self) { try MasterSeed.fromEnvironment(["GUIDANCE_SEED": "seven"]) }
        #expect(MasterSeed.hex(255) == "0x00000000000000ff")
    }

    @Test func caseSeedsDependOnClaimAndIndexAndTagEdgeCases() {
        let a = CaseSeed(master: 1, claimID: "G1.2", index: 0, edgeCase: false)
        let b = CaseSeed(master: 1, claimID: "G1.3", index: 0, edgeCase: false)
        let c = CaseSeed(master: 1, claimID: "G1.2", index: 1, edgeCase: false)
        #expect(Set([a, b, c]).count == 3)
        #expect(CaseSeed(master: 1, claimID: "G1.2", index: 0, edgeCase: true).value == a.value | 1)
        #expect(CaseSeed(hex: a.hex) == a && CaseSeed(hex: a.bareHex) == a)
        #expect(CaseSeed(hex: "0x") == nil && CaseSeed(hex: "0x1ffffffffffffffff") == nil)
    }

    @Test func profilesScaleCasesAndParticles() throws {
        #expect(try Profile.fromEnvironment([:]) == .ci)
        #expect(try Profile.fromEnvironment(["GUIDANCE_PROFILE": "Thorough"]) == .thorough)
        #expect(throws: ClaimKitError.invalidSetting(name: "GUIDANCE_PROFILE", value: "fast", allowed: "one of ci, thorough, gpu")) {
            try Profile.fromEnvironment(["GUIDANCE_PROFILE": "fast"])
        }
        #expect(Profile.thorough.caseMultiplier == 10 && Profile.thorough.particleMultiplier == 10)
        #expect(Profile.gpu.particles(base: 1000) == 10_000_000)
        #expect(Profile.ci.particles(base: 1000) == 1000)
        #expect(ExampleClaims.sumBelow100().casesAt(.thorough) == 1000)
    }

    @Test func replayRequestsParseAndName() throws {
        let request = try ReplayRequest.parse("G1.2@0xdeadbeef")
        #expect(request.claimID == "G1.2" && request.seed.value == 0xdead_beef)
        #expect(request.description == "G1.2@0x00000000deadbeef")
        #expect(request.testCommand == "GUIDANCE_REPLAY=G1.2@0x00000000deadbeef swift test -c release --filter \"G1.2\"")
        #expect(throws: ClaimKitError.self) { try ReplayRequest.parse("G1.2") }
        #expect(throws: ClaimKitError.self) { try ReplayRequest.parse("@0x1") }
        #expect(try ReplayRequest.fromEnvironment([:]) == nil)
    }

    @Test func environmentConfiguresARun() throws {
        let claims = [ExampleClaims.uniformDKW(cases: 4).erased]
        let configuration = try RunConfiguration.fromEnvironment(
            registry: claims, regressionsDirectory: nil,
            environment: ["GUIDANCE_PROFILE": "gpu", "GUIDANCE_SEED": "5", "GUIDANCE_REPLAY": "T.dkw@0x2",
                          "GUIDANCE_REGRESSIONS": "/tmp/r", "GUIDANCE_REPORTS": "/tmp/p", "GUIDANCE_QUIET": "1"])
        #expect(configuration.profile == .gpu && configuration.masterSeed == 5)
        #expect(configuration.replay == ReplayRequest(claimID: "T.dkw", seed: CaseSeed(value: 2)))
        #expect(configuration.regressions?.directory.path == "/tmp/r")
        #expect(configuration.reportsDirectory?.path == "/tmp/p")
        #expect(configuration.quiet)
        #expect(configuration.alphaPerTest == 1e-6 / 4)
        #expect(configuration.profileNotice?.contains("CPU") == true)
    }
}
