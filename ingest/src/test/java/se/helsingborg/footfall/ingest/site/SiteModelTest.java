package se.helsingborg.footfall.ingest.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class SiteModelTest {
    private final SiteModel example = SiteModel.example();

    @Test
    void aDevicesLinesAreKeptInLineOrder() {
        // The simulator draws each line's starting totals in this order: any other would make a
        // seed's recording differ from one run to the next.
        var lines = java.util.Map.of(4, "d", 2, "b", 7, "g", 1, "a", 3, "c", 6, "f", 5, "e", 8, "h");
        Device device = new Device("vs133", "milesight-vs133", "ttn-v3", lines, null, 300);
        assertThat(device.lines().keySet()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(device.lines()).isEqualTo(lines);
    }

    @Test
    void theExampleHoldsTheLibraryAndThePark() {
        assertThat(example.sites()).extracting(Site::id).containsExactly("stadsbiblioteket", "stadsparken");
        assertThat(example.site("stadsbiblioteket").goal().multiplier()).isEqualTo(2.0);
        assertThat(example.zone("lib").capacity()).isEqualTo(1200);
        assertThat(example.zone("lib").reset()).isEqualTo(ResetTime.parse("closing+30m"));
        assertThat(example.zone("lib-digidel").reset()).as("reset with the library").isEqualTo(example.zone("lib").reset());
        assertThat(example.device("24E124136B316071")).get()
                .satisfies(d -> assertThat(d.gateOfLine(2)).isEqualTo("park-door"));
    }

    @Test
    void alertLevelsAreSharesOfEachZonesCapacity() {
        AlertSettings alerts = example.alerts();
        assertThat(alerts.minDuration()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(alerts.busyAt(example.zone("lib"))).isEqualTo(1020);
        assertThat(alerts.fullAt(example.zone("lib-digidel"))).isEqualTo(40);
        assertThat(alerts.busyAt(example.zone("lib-digidel"))).isEqualTo(34); // 0.85 × 40 = 34, not 35 from rounding error

        SiteModel bare = SiteModel.parse("sites: [{id: s}]\nzones: [{id: z, site: s, capacity: 10}]");
        assertThat(bare.alerts()).isEqualTo(AlertSettings.DEFAULT);
        assertThat(SiteModel.parse("alerts: {busy: 0.5, min_duration: 90s}\nsites: [{id: s}]").alerts())
                .isEqualTo(new AlertSettings(0.5, 1.0, 0.05, java.time.Duration.ofSeconds(90)));
        assertThatThrownBy(() -> SiteModel.parse("alerts: {busy: 0.9, full: 0.8}\nsites: [{id: s}]"))
                .hasMessageContaining("full at least busy");
        assertThatThrownBy(() -> SiteModel.parse("alerts: {min_duration: soon}\nsites: [{id: s}]"))
                .hasMessageContaining("min_duration 'soon'");
    }

    @Test
    void roomsInheritTheirParentsHoursAndBelongToIt() {
        Zone digidel = example.zone("lib-digidel");
        LocalDateTime mondayNight = LocalDateTime.of(2026, 11, 23, 21, 0);
        LocalDateTime mondayNoon = LocalDateTime.of(2026, 11, 23, 12, 0);
        assertThat(digidel.hours().isOpen(mondayNoon)).isTrue();
        assertThat(digidel.hours().isOpen(mondayNight)).isFalse();
        assertThat(example.ancestorsOrSelf("lib-digidel")).extracting(Zone::id).containsExactly("lib-digidel", "lib");
        assertThat(example.zone("park-north").hours().isAlways()).isTrue();
    }

    @Test
    void roomsAreResetWithTheirParentUnlessTheyHaveAResetOfTheirOwn() {
        SiteModel site = SiteModel.parse("""
                sites: [{id: s}]
                zones:
                  - {id: hall, site: s, hours: {mon-fri: "08:00-20:00"}, reset: "closing+30m"}
                  - {id: room, site: s, parent: hall}
                  - {id: studio, site: s, parent: hall, reset: "22:00"}
                  - {id: yard, site: s}
                """);
        assertThat(site.zone("room").reset()).isEqualTo(ResetTime.parse("closing+30m"));
        assertThat(site.zone("studio").reset()).isEqualTo(ResetTime.at(LocalTime.of(22, 0)));
        assertThat(site.zone("yard").reset()).isEqualTo(ResetTime.DEFAULT);
        assertThatThrownBy(() -> SiteModel.parse("sites: [{id: s}]\nzones: [{id: park, site: s, reset: closing}]"))
                .hasMessageContaining("zone park is always open");
        assertThatThrownBy(() -> SiteModel.parse("sites: [{id: s}]\nzones: [{id: z, site: s, reset: dawn}]"))
                .hasMessageContaining("zone z: reset must be");
    }

    @Test
    void anAlwaysOpenZoneIsResetOnlyWhereTheSiteFileSaysSoEvenWhileOpen() {
        SiteModel site = SiteModel.parse("""
                sites: [{id: s}]
                zones:
                  - {id: park, site: s, hours: always, reset: "04:00", reset_while_open: true}
                  - {id: pond, site: s, parent: park}
                  - {id: square, site: s, hours: always, reset: "04:00"}
                """);
        assertThat(site.zone("park").reset()).isEqualTo(ResetTime.at(LocalTime.of(4, 0)).evenWhileOpen());
        assertThat(site.zone("pond").reset().whileOpen()).as("kept with the reset it goes with").isTrue();
        assertThat(site.zone("park").reset().everResets(OpeningHours.ALWAYS)).isTrue();
        assertThat(site.zone("square").reset().everResets(OpeningHours.ALWAYS)).isFalse();
        assertThat(SiteModel.example().zone("park-north").reset().whileOpen()).isTrue();
        assertThatThrownBy(() -> SiteModel.parse("sites: [{id: s}]\nzones: [{id: park, site: s, reset_while_open: true}]"))
                .hasMessageContaining("zone park: reset_while_open needs a reset time of day");
        assertThatThrownBy(() -> SiteModel.parse("""
                sites: [{id: s}]
                zones: [{id: hall, site: s, hours: {mon-fri: "08:00-20:00"}, reset: "closing+30m", reset_while_open: true}]
                """)).hasMessageContaining("zone hall: a reset after closing comes when the zone is closed");
    }

    @Test
    void weekendHoursDifferFromWeekdays() {
        OpeningHours lib = example.zone("lib").hours();
        LocalDateTime saturday9 = LocalDateTime.of(2026, 11, 28, 9, 0);
        LocalDateTime saturday10 = LocalDateTime.of(2026, 11, 28, 10, 0);
        LocalDateTime saturday16 = LocalDateTime.of(2026, 11, 28, 16, 0);
        assertThat(lib.isOpen(saturday9)).isFalse();
        assertThat(lib.isOpen(saturday10)).isTrue();
        assertThat(lib.isOpen(saturday16)).as("closing time is exclusive").isFalse();
    }

    @Test
    void hoursMayRunPastMidnight() {
        OpeningHours late = OpeningHours.parse(java.util.Map.of("fri", "22:00-02:00"));
        assertThat(late.isOpen(LocalDateTime.of(2026, 11, 27, 23, 0))).isTrue();
        assertThat(late.isOpen(LocalDateTime.of(2026, 11, 28, 1, 59))).isTrue();
        assertThat(late.isOpen(LocalDateTime.of(2026, 11, 28, 2, 0))).isFalse();
        assertThat(late.isOpen(LocalDateTime.of(2026, 11, 26, 23, 0))).isFalse();
    }

    @Test
    void mistakesInTheSiteFileAreNamed() {
        assertThatThrownBy(() -> SiteModel.parse("""
                sites: [{id: s}]
                zones: [{id: a, site: s}]
                gates: [{id: g, from: outside, to: b}]
                """)).hasMessageContaining("gate g names unknown zone b");
        assertThatThrownBy(() -> SiteModel.parse("""
                sites: [{id: s}]
                zones: [{id: a, site: s, hours: {mon-fri: "8-20"}}]
                """)).hasMessageContaining("zone a").hasMessageContaining("8-20");
        assertThatThrownBy(() -> SiteModel.parse("""
                sites: [{id: s}]
                zones: [{id: a, site: s}]
                devices: [{id: d1, model: milesight-vs133, lines: {1: nowhere}}]
                """)).hasMessageContaining("device d1 names unknown gate nowhere");
        assertThatThrownBy(() -> SiteModel.parse("sites: [{id: s}, {id: s}]"))
                .hasMessageContaining("two sites have the id s");
        assertThatThrownBy(() -> SiteModel.parse("sites: [{id: s}]\nzones: [{id: a, site: s, parent: a}]"))
                .hasMessageContaining("its own ancestor");
        assertThatThrownBy(() -> SiteModel.parse("""
                sites: [{id: s}]
                zones: [{id: a, site: s}]
                devices: [{id: 24e1241300000000, model: milesight-vs133, zone: a}]
                """)).hasMessageContaining("read as a number").hasMessageContaining("quote DevEUIs");
    }
}
