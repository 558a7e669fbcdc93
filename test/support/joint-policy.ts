// The energy policy with a joint controller (Art. 26) for its first purpose: no example policy
// declares one, and the register and the machine-readable notice must still say it.
import { loadPolicyOrThrow } from '../../src/runtime.ts';
import { policyVariant } from './policy-variant.ts';

export const JOINT = { name: 'Partenaire Commun SA', contact: 'privacy@partenaire-commun.example' };

export async function energyWithJointController() {
  return loadPolicyOrThrow(
    await policyVariant('policies/energy-services.yaml', (doc) => {
      doc.jointControllers = [
        {
          id: 'shared-quotes',
          parties: [doc.controller.entities[0].id, { name: JOINT.name, privacyContact: JOINT.contact }],
          purposes: [doc.purposes[0].id],
          essence: { fr: 'Accord de responsabilité conjointe', nl: 'Regeling', en: 'Arrangement' },
          contactPoint: { fr: 'Le service clients', nl: 'De klantendienst', en: 'Customer service' },
        },
      ];
    }),
  );
}
