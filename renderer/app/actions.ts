// What a next action's button does. The core says *what* (renew, contact the master…); the
// screens decide *how*: open the wizard, ask to confirm a removal, open a FAQ entry.
import type { NextAction } from '../../electron/contract/actions';
import { useCommands, useDispatch, navigate } from './context';

export function useActionRunner(): (action: NextAction) => void {
  const dispatch = useDispatch();
  const commands = useCommands();
  return (action) => {
    switch (action.kind) {
      case 'enroll':
      case 'reissue':
        dispatch({ type: 'enrollment/opened', operation: 'enroll', loginId: action.loginId });
        return navigate({ screen: 'enroll' });
      case 'renew':
        dispatch({ type: 'enrollment/opened', operation: 'renew', loginId: action.loginId });
        return navigate({ screen: 'enroll' });
      case 'remove':
        dispatch({ type: 'certificates/removeAsked', serial: action.serial });
        return navigate({ screen: 'certificates' });
      case 'fix':
        void commands.fixCheck(action.checkId);
        return;
      case 'diagnose':
        navigate({ screen: 'diagnosis' });
        void commands.runDiagnosis();
        return;
      case 'faq':
        return navigate({ screen: 'help', faq: action.faq });
      case 'choose':
        // The list shows whose each certificate is; the user removes the ones that are not theirs.
        return navigate({ screen: 'certificates' });
      case 'contact':
      case 'none':
        // Nothing to run: the screen shows the text to pass on (contact) or nothing (none).
        return;
    }
  };
}
