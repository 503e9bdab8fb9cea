//! The OpenShift release a cluster runs, and which upstream rules each release has.
//!
//! Upstream changes the answer: a path the API server accepts on 5.0 is refused on the newest
//! code, and the CRI-O that 5.0 ships refuses paths its API server and MCO accept. ctrcfg models
//! a few levels, each read from the newest code of its release branches (docs/upstream.md keeps
//! the record). Every rule that does not hold at every level is a [`Rule`] naming the level where
//! it starts, so a check asks `release.has(Rule::...)` and the table below is the only place
//! that knows when anything changed.

use std::fmt;

/// A modelled release, oldest first (the order is the order rules accumulate in).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Release {
    /// OpenShift 4.22: Kubernetes 1.35, CRI-O 1.35.
    Ocp4_22,
    /// OpenShift 5.0: Kubernetes 1.36, CRI-O 1.36.
    Ocp5_0,
    /// The newest upstream code, merged pull requests included.
    #[default]
    Latest,
}

/// One upstream repository as a level reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    pub repo: &'static str,
    /// The branch and commit read, and the merged pull requests on top of it.
    pub at: &'static str,
}

impl Release {
    pub const ALL: [Release; 3] = [Release::Ocp4_22, Release::Ocp5_0, Release::Latest];

    /// The name `--openshift-version` and the Scenario's `openshiftVersion` take.
    pub const fn name(self) -> &'static str {
        match self {
            Release::Ocp4_22 => "4.22",
            Release::Ocp5_0 => "5.0",
            Release::Latest => "latest",
        }
    }

    /// Accepts the names, with or without a leading `v` or `4.22.x` z-stream digits.
    pub fn from_name(name: &str) -> Option<Release> {
        let name = name.trim();
        let name = name.strip_prefix(['v', 'V']).unwrap_or(name);
        if name.eq_ignore_ascii_case("latest") {
            return Some(Release::Latest);
        }
        let mut parts = name.split('.');
        let minor = (parts.next()?, parts.next()?);
        if !parts.all(|z| !z.is_empty() && z.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        match minor {
            ("4", "22") => Some(Release::Ocp4_22),
            ("5", "0") => Some(Release::Ocp5_0),
            _ => None,
        }
    }

    /// The level as a sentence names it: `OpenShift 4.22`, `latest upstream`.
    pub const fn label(self) -> &'static str {
        match self {
            Release::Ocp4_22 => "OpenShift 4.22",
            Release::Ocp5_0 => "OpenShift 5.0",
            Release::Latest => "latest upstream",
        }
    }

    pub fn names() -> String {
        Release::ALL.map(Release::name).join(", ")
    }

    /// Whether `rule` holds at this level.
    pub fn has(self, rule: Rule) -> bool {
        self >= rule.since()
    }

    /// The Kubernetes and CRI-O minors the release ships (CRI-O's minor follows Kubernetes').
    pub const fn kubernetes(self) -> &'static str {
        match self {
            Release::Ocp4_22 => "1.35",
            Release::Ocp5_0 => "1.36",
            Release::Latest => "1.37",
        }
    }

    /// What this level was read from: openshift/api, the MCO, CRI-O.
    pub const fn sources(self) -> [Source; 3] {
        match self {
            Release::Ocp4_22 => [
                Source { repo: "openshift/api", at: "release-4.22 9fda5179" },
                Source { repo: "openshift/machine-config-operator", at: "release-4.22 9027c94c" },
                Source { repo: "cri-o/cri-o", at: "release-1.35 41f610b2 (1.35.6)" },
            ],
            Release::Ocp5_0 => [
                Source { repo: "openshift/api", at: "release-5.0 e543cc50" },
                Source { repo: "openshift/machine-config-operator", at: "release-5.0 d20efd9b" },
                Source { repo: "cri-o/cri-o", at: "release-1.36 9a9de9c5 (1.36.3) + #10298" },
            ],
            Release::Latest => [
                Source { repo: "openshift/api", at: "master 2a3d7391 + #2999 (d729ac6e)" },
                Source { repo: "openshift/machine-config-operator", at: "main 7ff337a4 + #6433 (c57770ac6)" },
                Source { repo: "cri-o/cri-o", at: "main f954a17e + #10254 (426a51c1)" },
            ],
        }
    }

    /// One line naming the level and everything it was read from, for `--version` and footers.
    pub fn describe(self) -> String {
        let sources: Vec<String> = self.sources().iter().map(|s| format!("{} {}", s.repo, s.at)).collect();
        format!("{} (Kubernetes and CRI-O {}): {}", self.name(), self.kubernetes(), sources.join("; "))
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A rule that some modelled levels have and older ones lack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// The feature gate AdditionalStorageConfig is on in Default and OKD, not only in the
    /// preview sets (openshift/api `features/features.go`: 833c6e735, in release-5.0 e543cc50;
    /// release-4.22 9fda5179 enables it in TechPreviewNoUpgrade and DevPreviewNoUpgrade only).
    StorageGateInDefault,
    /// The GomaxprocsInjection gate and its field `containerGomaxprocsBehavior` exist
    /// (openshift/api master 2a3d7391; neither release-4.22 nor release-5.0 has them).
    GomaxprocsField,
    /// StorePath's third CEL rule, `self.split('/').filter(s, s == '..').size() == 0`
    /// (openshift/api #2999, d729ac6e; the release-5.0 backport #3020 is on hold).
    ApiNoDotDot,
    /// validateStorePath's byte-length limit and `..` check, and the same path (after
    /// filepath.Clean) refused in two store kinds (openshift/machine-config-operator #6433,
    /// c57770ac6; no backport).
    McoStorePaths,
    /// CRI-O's own check of `additional_artifact_stores` beyond `filepath.IsAbs`: empty, length,
    /// characters, trailing slash, `//`, `..` (cri-o #10254, 426a51c1; release-1.36 backport
    /// #10298, whose review diff shows the trailing-slash check).
    CrioArtifactStorePaths,
}

impl Rule {
    pub const ALL: [Rule; 5] = [
        Rule::StorageGateInDefault,
        Rule::GomaxprocsField,
        Rule::ApiNoDotDot,
        Rule::McoStorePaths,
        Rule::CrioArtifactStorePaths,
    ];

    /// The oldest level that has the rule.
    pub const fn since(self) -> Release {
        match self {
            Rule::StorageGateInDefault | Rule::CrioArtifactStorePaths => Release::Ocp5_0,
            Rule::GomaxprocsField | Rule::ApiNoDotDot | Rule::McoStorePaths => Release::Latest,
        }
    }

    /// What the rule is, in a few words, for docs and `--version`.
    pub const fn summary(self) -> &'static str {
        match self {
            Rule::StorageGateInDefault => "AdditionalStorageConfig on in Default and OKD",
            Rule::GomaxprocsField => "containerGomaxprocsBehavior and its gate GomaxprocsInjection",
            Rule::ApiNoDotDot => "API: StorePath must not contain '..' components",
            Rule::McoStorePaths => "MCO: path length, '..' components, one path in two store kinds",
            Rule::CrioArtifactStorePaths => "CRI-O: additional_artifact_stores path checks",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn names_round_trip_and_accept_z_streams() {
        for r in Release::ALL {
            assert_eq!(Release::from_name(r.name()), Some(r));
        }
        assert_eq!(Release::from_name("4.22.7"), Some(Release::Ocp4_22));
        assert_eq!(Release::from_name("v5.0"), Some(Release::Ocp5_0));
        assert_eq!(Release::from_name("LATEST"), Some(Release::Latest));
        for bad in ["", "4", "4.21", "5.0.x", "4.22.", "5.1"] {
            assert_eq!(Release::from_name(bad), None, "{bad}");
        }
        assert_eq!(Release::default(), Release::Latest);
    }

    #[test]
    fn rules_accumulate_from_their_level() {
        assert!(!Release::Ocp4_22.has(Rule::StorageGateInDefault));
        assert!(Release::Ocp5_0.has(Rule::StorageGateInDefault));
        assert!(Release::Ocp5_0.has(Rule::CrioArtifactStorePaths));
        assert!(!Release::Ocp5_0.has(Rule::ApiNoDotDot));
        assert!(!Release::Ocp5_0.has(Rule::McoStorePaths));
        for rule in Rule::ALL {
            assert!(Release::Latest.has(rule), "{rule:?}");
        }
        assert!(Release::Latest.describe().contains("openshift/api master 2a3d7391 + #2999"));
    }
}
