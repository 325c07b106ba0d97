package dev.mlops.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import org.junit.jupiter.api.Test;

/** Core remedies in Maven terms: the goal's element and property, the command of a stage. */
class RemediesTest {
  @Test
  void render_setting_namesElementAndThisGoalsProperty() {
    assertThat(Remedies.render("drift-check", Remedy.setting("maxAccuracyDrop")))
        .isEqualTo(
            " (<maxAccuracyDrop> in the plugin configuration, or"
                + " -Dmlops.drift-check.maxAccuracyDrop=...)");
    assertThat(Remedies.render("promote", Remedy.setting("maxRegression")))
        .isEqualTo(
            " (<maxRegression> in the plugin configuration, or -Dmlops.promote.maxRegression=...)");
  }

  @Test
  void render_switch_isSetToTheOtherValueThanItsDefault() {
    assertThat(Remedies.render("promote", Remedy.setting("force")))
        .isEqualTo(" (<force> in the plugin configuration, or -Dmlops.force=true)");
    assertThat(Remedies.render("drift-check", Remedy.setting("record")))
        .isEqualTo(" (<record> in the plugin configuration, or -Dmlops.drift-check.record=false)");
  }

  @Test
  void render_stageAndSetting_namesCommandFirst() {
    assertThat(Remedies.render("drift-check", Remedy.run(Stage.TRAIN).orSetting("against")))
        .isEqualTo(
            " (`mvn mlops:train`; <against> in the plugin configuration, or"
                + " -Dmlops.against=...)");
    assertThat(Remedies.render("evaluate", Remedy.run(Stage.PROMOTE)))
        .isEqualTo(" (`mvn mlops:promote -Dmlops.version=vN -Dmlops.alias=NAME`)");
  }

  @Test
  void render_settingTheGoalDoesNotHave_addsNothingForIt() {
    assertThat(Remedies.render("train", Remedy.setting("psiModerate"))).isEmpty();
    assertThat(Remedies.render("checkout-data", Remedy.setting("version", "alias")))
        .isEqualTo(" (<version> in the plugin configuration, or -Dmlops.version=...)");
    assertThat(Remedies.render("train", Remedy.NONE)).isEmpty();
  }

  @Test
  void command_everyStage_isAGoalOrPhaseOfThisPlugin() {
    for (Stage stage : Stage.values()) {
      assertThat(Remedies.command(stage))
          .as(stage.name())
          .matches("mvn (mlops:[a-z-]+|package|install).*");
    }
  }
}
