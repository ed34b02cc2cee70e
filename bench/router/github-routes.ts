/**
 * A route table shaped like the public GitHub REST API, written in flagon
 * syntax: numeric ids are `<int:...>`, file paths and git refs are `<path:...>`,
 * and twin resources share one rule through `<any(...)>`.
 *
 * One line is one rule: its methods, then the rule.
 */
const TABLE = `
GET                 /
GET                 /rate_limit
GET                 /meta
GET                 /octocat
GET                 /zen
GET                 /emojis
GET                 /versions
GET                 /events
GET                 /feeds
GET                 /licenses
GET                 /licenses/<license>
POST                /markdown
POST                /markdown/raw
GET                 /search/code
GET                 /search/commits
GET                 /search/issues
GET                 /search/labels
GET                 /search/repositories
GET                 /search/topics
GET                 /search/users
GET                 /notifications
PUT                 /notifications
GET,PATCH,DELETE    /notifications/threads/<int:thread_id>
GET,PUT,DELETE      /notifications/threads/<int:thread_id>/subscription
GET                 /repositories
GET                 /repositories/<int:repository_id>
GET,POST            /gists
GET                 /gists/public
GET                 /gists/starred
GET,PATCH,DELETE    /gists/<gist_id>
GET,POST            /gists/<gist_id>/comments
GET,PATCH,DELETE    /gists/<gist_id>/comments/<int:comment_id>
GET                 /gists/<gist_id>/commits
GET,POST            /gists/<gist_id>/forks
GET,PUT,DELETE      /gists/<gist_id>/star
GET                 /gists/<gist_id>/<sha>
GET,PATCH           /user
GET                 /user/blocks
GET,PUT,DELETE      /user/blocks/<username>
GET,POST,DELETE     /user/emails
PATCH               /user/email/visibility
GET                 /user/<any(followers,following):kind>
GET,PUT,DELETE      /user/following/<username>
GET,POST            /user/gpg_keys
GET,DELETE          /user/gpg_keys/<int:gpg_key_id>
GET                 /user/issues
GET,POST            /user/keys
GET,DELETE          /user/keys/<int:key_id>
GET                 /user/memberships/orgs
GET,PATCH           /user/memberships/orgs/<org>
GET                 /user/orgs
GET                 /user/public_emails
GET,POST            /user/repos
GET                 /user/repository_invitations
PATCH,DELETE        /user/repository_invitations/<int:invitation_id>
GET,POST            /user/social_accounts
GET                 /user/starred
GET,PUT,DELETE      /user/starred/<owner>/<repo>
GET                 /user/subscriptions
GET                 /user/teams
GET                 /user/<int:account_id>
GET                 /users
GET                 /users/<username>
GET                 /users/<username>/events
GET                 /users/<username>/events/public
GET                 /users/<username>/<any(followers,following):kind>
GET                 /users/<username>/following/<target_user>
GET                 /users/<username>/gists
GET                 /users/<username>/gpg_keys
GET                 /users/<username>/keys
GET                 /users/<username>/orgs
GET                 /users/<username>/projects
GET                 /users/<username>/received_events
GET                 /users/<username>/repos
GET                 /users/<username>/social_accounts
GET                 /users/<username>/ssh_signing_keys
GET                 /users/<username>/starred
GET                 /users/<username>/subscriptions
GET                 /organizations
GET,PATCH,DELETE    /orgs/<org>
GET                 /orgs/<org>/blocks
GET,PUT,DELETE      /orgs/<org>/blocks/<username>
GET                 /orgs/<org>/events
GET,POST            /orgs/<org>/hooks
GET,PATCH,DELETE    /orgs/<org>/hooks/<int:hook_id>
GET                 /orgs/<org>/installation
GET                 /orgs/<org>/installations
GET,POST            /orgs/<org>/invitations
DELETE              /orgs/<org>/invitations/<int:invitation_id>
GET                 /orgs/<org>/issues
GET                 /orgs/<org>/members
GET,PUT,DELETE      /orgs/<org>/<any(members,public_members):kind>/<username>
GET,PUT,DELETE      /orgs/<org>/memberships/<username>
GET                 /orgs/<org>/outside_collaborators
PUT,DELETE          /orgs/<org>/outside_collaborators/<username>
GET                 /orgs/<org>/public_members
GET,POST            /orgs/<org>/repos
GET,POST            /orgs/<org>/teams
GET,PATCH,DELETE    /orgs/<org>/teams/<team_slug>
GET,POST            /orgs/<org>/teams/<team_slug>/discussions
GET,PATCH,DELETE    /orgs/<org>/teams/<team_slug>/discussions/<int:discussion_number>
GET,POST            /orgs/<org>/teams/<team_slug>/discussions/<int:discussion_number>/comments
GET,PATCH,DELETE    /orgs/<org>/teams/<team_slug>/discussions/<int:discussion_number>/comments/<int:comment_number>
GET                 /orgs/<org>/teams/<team_slug>/invitations
GET                 /orgs/<org>/teams/<team_slug>/members
GET,PUT,DELETE      /orgs/<org>/teams/<team_slug>/memberships/<username>
GET                 /orgs/<org>/teams/<team_slug>/repos
GET,PUT,DELETE      /orgs/<org>/teams/<team_slug>/repos/<owner>/<repo>
GET                 /orgs/<org>/teams/<team_slug>/teams
GET,PATCH,DELETE    /repos/<owner>/<repo>
GET                 /repos/<owner>/<repo>/activity
GET                 /repos/<owner>/<repo>/actions/artifacts
GET,DELETE          /repos/<owner>/<repo>/actions/artifacts/<int:artifact_id>
GET                 /repos/<owner>/<repo>/actions/artifacts/<int:artifact_id>/<archive_format>
GET                 /repos/<owner>/<repo>/actions/cache/usage
GET,DELETE          /repos/<owner>/<repo>/actions/caches
DELETE              /repos/<owner>/<repo>/actions/caches/<int:cache_id>
GET                 /repos/<owner>/<repo>/actions/jobs/<int:job_id>
GET                 /repos/<owner>/<repo>/actions/jobs/<int:job_id>/logs
POST                /repos/<owner>/<repo>/actions/jobs/<int:job_id>/rerun
GET                 /repos/<owner>/<repo>/actions/runs
GET,DELETE          /repos/<owner>/<repo>/actions/runs/<int:run_id>
GET                 /repos/<owner>/<repo>/actions/runs/<int:run_id>/approvals
POST                /repos/<owner>/<repo>/actions/runs/<int:run_id>/approve
GET                 /repos/<owner>/<repo>/actions/runs/<int:run_id>/artifacts
GET                 /repos/<owner>/<repo>/actions/runs/<int:run_id>/attempts/<int:attempt_number>
GET                 /repos/<owner>/<repo>/actions/runs/<int:run_id>/attempts/<int:attempt_number>/jobs
POST                /repos/<owner>/<repo>/actions/runs/<int:run_id>/cancel
GET                 /repos/<owner>/<repo>/actions/runs/<int:run_id>/jobs
GET,DELETE          /repos/<owner>/<repo>/actions/runs/<int:run_id>/logs
POST                /repos/<owner>/<repo>/actions/runs/<int:run_id>/rerun
GET                 /repos/<owner>/<repo>/actions/runs/<int:run_id>/timing
GET                 /repos/<owner>/<repo>/actions/workflows
GET                 /repos/<owner>/<repo>/actions/workflows/<workflow_id>
PUT                 /repos/<owner>/<repo>/actions/workflows/<workflow_id>/disable
POST                /repos/<owner>/<repo>/actions/workflows/<workflow_id>/dispatches
PUT                 /repos/<owner>/<repo>/actions/workflows/<workflow_id>/enable
GET                 /repos/<owner>/<repo>/actions/workflows/<workflow_id>/runs
GET                 /repos/<owner>/<repo>/assignees
GET                 /repos/<owner>/<repo>/assignees/<assignee>
GET                 /repos/<owner>/<repo>/branches
GET                 /repos/<owner>/<repo>/branches/<branch>
GET,PUT,DELETE      /repos/<owner>/<repo>/branches/<branch>/protection
POST                /repos/<owner>/<repo>/branches/<branch>/rename
GET,POST            /repos/<owner>/<repo>/check-runs
GET,PATCH           /repos/<owner>/<repo>/check-runs/<int:check_run_id>
GET                 /repos/<owner>/<repo>/check-runs/<int:check_run_id>/annotations
GET                 /repos/<owner>/<repo>/codeowners/errors
GET                 /repos/<owner>/<repo>/collaborators
GET,PUT,DELETE      /repos/<owner>/<repo>/collaborators/<username>
GET                 /repos/<owner>/<repo>/collaborators/<username>/permission
GET                 /repos/<owner>/<repo>/comments
GET,PATCH,DELETE    /repos/<owner>/<repo>/comments/<int:comment_id>
GET,POST            /repos/<owner>/<repo>/comments/<int:comment_id>/reactions
GET                 /repos/<owner>/<repo>/commits
GET                 /repos/<owner>/<repo>/commits/<commit_sha>/branches-where-head
GET,POST            /repos/<owner>/<repo>/commits/<commit_sha>/comments
GET                 /repos/<owner>/<repo>/commits/<commit_sha>/pulls
GET                 /repos/<owner>/<repo>/commits/<ref>
GET                 /repos/<owner>/<repo>/commits/<ref>/check-runs
GET                 /repos/<owner>/<repo>/commits/<ref>/check-suites
GET                 /repos/<owner>/<repo>/commits/<ref>/status
GET                 /repos/<owner>/<repo>/commits/<ref>/statuses
GET                 /repos/<owner>/<repo>/community/profile
GET                 /repos/<owner>/<repo>/compare/<path:basehead>
GET,PUT,DELETE      /repos/<owner>/<repo>/contents/<path:path>
GET                 /repos/<owner>/<repo>/contributors
GET,POST            /repos/<owner>/<repo>/deployments
GET,DELETE          /repos/<owner>/<repo>/deployments/<int:deployment_id>
POST                /repos/<owner>/<repo>/dispatches
GET                 /repos/<owner>/<repo>/environments
GET,PUT,DELETE      /repos/<owner>/<repo>/environments/<environment_name>
GET                 /repos/<owner>/<repo>/events
GET,POST            /repos/<owner>/<repo>/forks
POST                /repos/<owner>/<repo>/git/blobs
GET                 /repos/<owner>/<repo>/git/blobs/<file_sha>
POST                /repos/<owner>/<repo>/git/commits
GET                 /repos/<owner>/<repo>/git/commits/<commit_sha>
GET                 /repos/<owner>/<repo>/git/matching-refs/<path:ref>
GET                 /repos/<owner>/<repo>/git/ref/<path:ref>
POST                /repos/<owner>/<repo>/git/refs
PATCH,DELETE        /repos/<owner>/<repo>/git/refs/<path:ref>
POST                /repos/<owner>/<repo>/git/tags
GET                 /repos/<owner>/<repo>/git/tags/<tag_sha>
POST                /repos/<owner>/<repo>/git/trees
GET                 /repos/<owner>/<repo>/git/trees/<tree_sha>
GET,POST            /repos/<owner>/<repo>/hooks
GET,PATCH,DELETE    /repos/<owner>/<repo>/hooks/<int:hook_id>
GET,PUT,DELETE      /repos/<owner>/<repo>/import
GET                 /repos/<owner>/<repo>/installation
GET                 /repos/<owner>/<repo>/invitations
PATCH,DELETE        /repos/<owner>/<repo>/invitations/<int:invitation_id>
GET,POST            /repos/<owner>/<repo>/issues
GET                 /repos/<owner>/<repo>/issues/comments
GET,PATCH,DELETE    /repos/<owner>/<repo>/issues/comments/<int:comment_id>
GET                 /repos/<owner>/<repo>/issues/events
GET                 /repos/<owner>/<repo>/issues/events/<int:event_id>
GET,PATCH           /repos/<owner>/<repo>/issues/<int:issue_number>
POST,DELETE         /repos/<owner>/<repo>/issues/<int:issue_number>/assignees
GET,POST            /repos/<owner>/<repo>/issues/<int:issue_number>/comments
GET                 /repos/<owner>/<repo>/issues/<int:issue_number>/events
GET,POST,PUT,DELETE /repos/<owner>/<repo>/issues/<int:issue_number>/labels
DELETE              /repos/<owner>/<repo>/issues/<int:issue_number>/labels/<name>
PUT,DELETE          /repos/<owner>/<repo>/issues/<int:issue_number>/lock
GET,POST            /repos/<owner>/<repo>/issues/<int:issue_number>/reactions
DELETE              /repos/<owner>/<repo>/issues/<int:issue_number>/reactions/<int:reaction_id>
GET                 /repos/<owner>/<repo>/issues/<int:issue_number>/timeline
GET,POST            /repos/<owner>/<repo>/<any(issues,pulls):kind>/comments/<int:comment_id>/reactions
GET,POST            /repos/<owner>/<repo>/keys
GET,DELETE          /repos/<owner>/<repo>/keys/<int:key_id>
GET,POST            /repos/<owner>/<repo>/labels
GET,PATCH,DELETE    /repos/<owner>/<repo>/labels/<name>
GET                 /repos/<owner>/<repo>/languages
GET                 /repos/<owner>/<repo>/license
POST                /repos/<owner>/<repo>/merges
GET,POST            /repos/<owner>/<repo>/milestones
GET,PATCH,DELETE    /repos/<owner>/<repo>/milestones/<int:milestone_number>
GET                 /repos/<owner>/<repo>/milestones/<int:milestone_number>/labels
GET,PUT             /repos/<owner>/<repo>/notifications
GET,POST,PUT,DELETE /repos/<owner>/<repo>/pages
GET,POST            /repos/<owner>/<repo>/pages/builds
GET                 /repos/<owner>/<repo>/pages/builds/latest
GET                 /repos/<owner>/<repo>/pages/builds/<int:build_id>
GET,POST            /repos/<owner>/<repo>/pulls
GET                 /repos/<owner>/<repo>/pulls/comments
GET,PATCH,DELETE    /repos/<owner>/<repo>/pulls/comments/<int:comment_id>
GET,PATCH           /repos/<owner>/<repo>/pulls/<int:pull_number>
GET,POST            /repos/<owner>/<repo>/pulls/<int:pull_number>/comments
POST                /repos/<owner>/<repo>/pulls/<int:pull_number>/comments/<int:comment_id>/replies
GET                 /repos/<owner>/<repo>/pulls/<int:pull_number>/commits
GET                 /repos/<owner>/<repo>/pulls/<int:pull_number>/files
GET,PUT             /repos/<owner>/<repo>/pulls/<int:pull_number>/merge
GET,POST,DELETE     /repos/<owner>/<repo>/pulls/<int:pull_number>/requested_reviewers
GET,POST            /repos/<owner>/<repo>/pulls/<int:pull_number>/reviews
GET,PUT,DELETE      /repos/<owner>/<repo>/pulls/<int:pull_number>/reviews/<int:review_id>
GET                 /repos/<owner>/<repo>/pulls/<int:pull_number>/reviews/<int:review_id>/comments
PUT                 /repos/<owner>/<repo>/pulls/<int:pull_number>/reviews/<int:review_id>/dismissals
POST                /repos/<owner>/<repo>/pulls/<int:pull_number>/reviews/<int:review_id>/events
PUT                 /repos/<owner>/<repo>/pulls/<int:pull_number>/update-branch
GET                 /repos/<owner>/<repo>/readme
GET                 /repos/<owner>/<repo>/readme/<path:dir>
GET,POST            /repos/<owner>/<repo>/releases
GET,PATCH,DELETE    /repos/<owner>/<repo>/releases/assets/<int:asset_id>
POST                /repos/<owner>/<repo>/releases/generate-notes
GET                 /repos/<owner>/<repo>/releases/latest
GET                 /repos/<owner>/<repo>/releases/tags/<tag>
GET,PATCH,DELETE    /repos/<owner>/<repo>/releases/<int:release_id>
GET                 /repos/<owner>/<repo>/releases/<int:release_id>/assets
GET,POST            /repos/<owner>/<repo>/releases/<int:release_id>/reactions
GET                 /repos/<owner>/<repo>/stargazers
GET                 /repos/<owner>/<repo>/stats/commit_activity
GET                 /repos/<owner>/<repo>/stats/contributors
POST                /repos/<owner>/<repo>/statuses/<sha>
GET                 /repos/<owner>/<repo>/subscribers
GET,PUT,DELETE      /repos/<owner>/<repo>/subscription
GET                 /repos/<owner>/<repo>/tags
GET,PUT             /repos/<owner>/<repo>/topics
POST                /repos/<owner>/<repo>/transfer
GET                 /repos/<owner>/<repo>/<any(tarball,zipball):archive>/<path:ref>
GET,PUT,DELETE      /repos/<owner>/<repo>/vulnerability-alerts
POST                /repos/<template_owner>/<template_repo>/generate
GET                 /teams/<int:team_id>
GET                 /teams/<int:team_id>/members
GET                 /teams/<int:team_id>/repos
GET                 /app
GET                 /app/installations
GET,DELETE          /app/installations/<int:installation_id>
POST                /app/installations/<int:installation_id>/access_tokens
GET                 /apps/<app_slug>
`;

/** One rule of the table. */
export interface RouteSpec {
  readonly rule: string;
  readonly methods: readonly string[];
  readonly endpoint: string;
}

/** The table as rules; the endpoint is the rule itself, unique by construction. */
export const GITHUB_ROUTES: readonly RouteSpec[] = TABLE.trim()
  .split("\n")
  .map((line) => {
    const [methods = "", rule = ""] = line.trim().split(/\s+/);
    return { rule, methods: methods.split(","), endpoint: rule };
  });

/** A path to look up and the answer every router should give. */
export interface PathCase {
  readonly path: string;
  /** `null` for a miss. */
  readonly endpoint: string | null;
  /** As flagon gives them (ints as numbers). */
  readonly values: Readonly<Record<string, string | number>>;
}

const hit = (path: string, endpoint: string, values: Record<string, string | number> = {}): PathCase => ({
  path,
  endpoint,
  values,
});

/** The single-path cases, by name. */
export const CASES = {
  static: hit("/user/repos", "/user/repos"),
  oneParam: hit("/users/octocat/repos", "/users/<username>/repos", { username: "octocat" }),
  threeParams: hit(
    "/repos/nodejs/node/issues/51234/comments",
    "/repos/<owner>/<repo>/issues/<int:issue_number>/comments",
    { owner: "nodejs", repo: "node", issue_number: 51234 },
  ),
  path: hit("/repos/nodejs/node/contents/lib/internal/http.js", "/repos/<owner>/<repo>/contents/<path:path>", {
    owner: "nodejs",
    repo: "node",
    path: "lib/internal/http.js",
  }),
  miss: { path: "/repos/nodejs/node/issues/51234/nope", endpoint: null, values: {} } as PathCase,
} as const;

/** Twenty paths that a busy API sees, hits and misses mixed. */
export const MIXED: readonly PathCase[] = [
  hit("/", "/"),
  hit("/rate_limit", "/rate_limit"),
  hit("/user", "/user"),
  hit("/user/583231", "/user/<int:account_id>", { account_id: 583231 }),
  hit("/user/following", "/user/<any(followers,following):kind>", { kind: "following" }),
  hit("/user/following/octocat", "/user/following/<username>", { username: "octocat" }),
  hit("/users/octocat", "/users/<username>", { username: "octocat" }),
  hit("/users/octocat/followers", "/users/<username>/<any(followers,following):kind>", {
    username: "octocat",
    kind: "followers",
  }),
  hit("/orgs/nodejs/teams/tsc/members", "/orgs/<org>/teams/<team_slug>/members", { org: "nodejs", team_slug: "tsc" }),
  hit("/orgs/nodejs/public_members/octocat", "/orgs/<org>/<any(members,public_members):kind>/<username>", {
    org: "nodejs",
    kind: "public_members",
    username: "octocat",
  }),
  hit("/repos/nodejs/node", "/repos/<owner>/<repo>", { owner: "nodejs", repo: "node" }),
  hit("/repos/nodejs/node/pulls/50001/files", "/repos/<owner>/<repo>/pulls/<int:pull_number>/files", {
    owner: "nodejs",
    repo: "node",
    pull_number: 50001,
  }),
  hit("/repos/nodejs/node/issues/comments/998877", "/repos/<owner>/<repo>/issues/comments/<int:comment_id>", {
    owner: "nodejs",
    repo: "node",
    comment_id: 998877,
  }),
  hit("/repos/nodejs/node/issues/42/labels", "/repos/<owner>/<repo>/issues/<int:issue_number>/labels", {
    owner: "nodejs",
    repo: "node",
    issue_number: 42,
  }),
  hit(
    "/repos/nodejs/node/actions/runs/123456/attempts/2/jobs",
    "/repos/<owner>/<repo>/actions/runs/<int:run_id>/attempts/<int:attempt_number>/jobs",
    { owner: "nodejs", repo: "node", run_id: 123456, attempt_number: 2 },
  ),
  hit("/repos/nodejs/node/git/ref/heads/main", "/repos/<owner>/<repo>/git/ref/<path:ref>", {
    owner: "nodejs",
    repo: "node",
    ref: "heads/main",
  }),
  hit("/repos/nodejs/node/commits/v20.11.0/status", "/repos/<owner>/<repo>/commits/<ref>/status", {
    owner: "nodejs",
    repo: "node",
    ref: "v20.11.0",
  }),
  hit("/repos/nodejs/node/releases/latest", "/repos/<owner>/<repo>/releases/latest", { owner: "nodejs", repo: "node" }),
  { path: "/repos/nodejs/node/wiki", endpoint: null, values: {} },
  { path: "/orgs/nodejs/teams/tsc/nope", endpoint: null, values: {} },
];
