// Reads JSON [{"password": "...", "cost": 10}, ...] on stdin, prints the bcrypt hashes, one per line.
const bcrypt = require('bcrypt');
let input = '';
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  for (const { password, cost } of JSON.parse(input)) {
    process.stdout.write(bcrypt.hashSync(password, cost) + '\n');
  }
});
